import { pino } from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'customs-assessment' },
  redact: ['req.headers.authorization', 'password', '*.password'],
});
export type Logger = typeof logger;
