import { pino } from 'pino';
import { logLevel } from './config';

export const logger = pino({
  level: logLevel(),
  base: { service: 'customs-assessment' },
  // Credentials never reach the logs: bearer tokens, the session cookie (both ways) and the CSRF token.
  redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'password', '*.password'],
});
export type Logger = typeof logger;
