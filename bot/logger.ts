import { pino, type Logger } from 'pino';
import { prettyLine } from './log-pretty.ts';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
/** `auto`: pretty when the log goes to a terminal, JSON lines (for a collector) when it does not. */
export type LogFormat = 'auto' | 'pretty' | 'json';

export interface LoggerOptions {
  level: LogLevel;
  format?: LogFormat;
  /** Secret values (access tokens) scrubbed from every line, whatever field or message carries them. */
  secrets?: readonly string[];
  /** Default: standard error, so that command output on standard output stays clean. */
  destination?: NodeJS.WritableStream;
}

const REDACTED = '[redacted]';

/** Keys that carry secrets wherever they appear in a logged object. */
const SECRET_KEY_PATHS = [
  'accessToken',
  '*.accessToken',
  '*.*.accessToken',
  'adminToken',
  'authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, `$1${REDACTED}`);
}

/** Whether `format` means readable lines for this destination. */
export function isPretty(format: LogFormat, destination: NodeJS.WritableStream): boolean {
  if (format !== 'auto') return format === 'pretty';
  return (destination as { isTTY?: boolean }).isTTY === true;
}

export function createLogger(options: LoggerOptions): Logger {
  const secrets = [...(options.secrets ?? [])];
  const destination = options.destination ?? process.stderr;
  // The scrubbing hook runs before the stream sees the line, so the pretty form is made from scrubbed text.
  const stream = isPretty(options.format ?? 'json', destination)
    ? { write: (line: string) => destination.write(prettyLine(line)) }
    : destination;
  return pino(
    {
      level: options.level,
      base: { name: 'fedimoot' },
      redact: { paths: SECRET_KEY_PATHS, censor: REDACTED },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    stream as pino.DestinationStream,
  );
}
