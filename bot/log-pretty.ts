// One pino JSON line as a line a person reads on a terminal: "12:04:05 INFO  message  key=value …".
// pino-pretty would do this too; the bot's lines are flat and few, so a dozen lines here spare a dependency.
// It formats text that the logger has already scrubbed of secrets (see logger.ts), so it never sees them.

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Fields every line has, shown in their own places rather than as key=value. */
const FRAME = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'err']);

export function prettyLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine.endsWith('\n') ? jsonLine : `${jsonLine}\n`;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '--:--:--';
  const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key, value]) => !FRAME.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? quoteIfNeeded(value) : JSON.stringify(value)}`);
  const err = entry.err as { message?: unknown; stack?: unknown } | undefined;
  const error = err && typeof err.message === 'string' ? ` — ${err.message}` : '';
  const rest = fields.length ? `  ${fields.join(' ')}` : '';
  return `${time} ${level} ${String(entry.msg ?? '')}${error}${rest}\n`;
}

function quoteIfNeeded(value: string): string {
  return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
}
