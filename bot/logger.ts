import { pino, type Logger } from 'pino';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface LoggerOptions {
  level: LogLevel;
  /** Secret values (access tokens) scrubbed from every line, whatever field or message carries them. */
  secrets?: readonly string[];
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

export function createLogger(options: LoggerOptions): Logger {
  const secrets = [...(options.secrets ?? [])];
  return pino(
    {
      level: options.level,
      base: { name: 'fedimoot' },
      redact: { paths: SECRET_KEY_PATHS, censor: REDACTED },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}
