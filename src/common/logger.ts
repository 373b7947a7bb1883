/**
 * Logs (pino): JSON lines for a log collector, or pretty lines for a person at a terminal
 * (LOG_FORMAT). Secrets are redacted wherever they appear as known fields, in both formats.
 */
import { pino, type Logger } from 'pino';
import { build as prettyStream } from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

export const REDACT_PATHS = [
  'apiKey', '*.apiKey', '*.*.apiKey', 'input.apiKey', 'variables.input.apiKey', '*.variables.input.apiKey',
  'headers.authorization', 'req.headers.authorization', '*.headers.authorization',
  'headers["x-api-key"]', 'req.headers["x-api-key"]', '*.headers["x-api-key"]',
  'password', '*.password', 'secret', '*.secret', 'secretKey', '*.secretKey',
];

/**
 * pino-pretty as a stream in this thread rather than a pino transport: a transport loads its module
 * by name in a worker thread, which breaks in a bundled build; a stream is a plain import. `sync`
 * writes each line before the call returns, so nothing is lost when the process exits right after.
 */
function pretty(destination: NodeJS.WritableStream | undefined) {
  const colorize = destination === undefined && process.stdout.isTTY === true;
  return prettyStream({
    colorize,
    sync: true,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    // The service name is on every line and says nothing to a person; pid and host are pino's own.
    ignore: 'pid,hostname,service',
    singleLine: true,
    ...(destination ? { destination } : {}),
  });
}

/** A logger writing to stdout (or `destination`), as JSON unless `format` is pretty. */
export function createLogger(level: string, destination?: NodeJS.WritableStream, format: LogFormat = 'json'): Logger {
  const stream = format === 'pretty' ? pretty(destination) : (destination as pino.DestinationStream | undefined);
  return pino(
    {
      level,
      base: { service: 'isof-idosell' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

export type { Logger };
