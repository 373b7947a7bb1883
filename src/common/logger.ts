/** Structured JSON logs (pino). Secrets are redacted wherever they appear as known fields. */
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'apiKey', '*.apiKey', '*.*.apiKey', 'input.apiKey', 'variables.input.apiKey', '*.variables.input.apiKey',
  'headers.authorization', 'req.headers.authorization', '*.headers.authorization',
  'headers["x-api-key"]', 'req.headers["x-api-key"]', '*.headers["x-api-key"]',
  'password', '*.password', 'secret', '*.secret', 'secretKey', '*.secretKey',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'isof-idosell' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}

export type { Logger };
