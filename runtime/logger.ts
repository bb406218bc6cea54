import { pino } from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'customs-assessment' },
  // Credentials never reach the logs: bearer tokens, the session cookie (both ways) and the CSRF token.
  redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'password', '*.password'],
});
export type Logger = typeof logger;
