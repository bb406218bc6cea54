import { pino } from 'pino';
import { logLevel } from './config';

export const logger = pino(
  {
    level: logLevel(),
    base: { service: 'customs-assessment' },
    // Credentials never reach the logs: bearer tokens, the session cookie (both ways) and the CSRF token.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'password', '*.password'],
  },
  // Written asynchronously: under load the lines that gather while one write is under way go out in the next,
  // instead of one blocking write per request (pino flushes what is left when the process exits).
  pino.destination({ dest: 1, sync: false }),
);
export type Logger = typeof logger;
