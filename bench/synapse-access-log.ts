// Synapse's own account of serving a request, from its access log (logger synapse.access.http, INFO), for a bench row
// that needs Synapse's time for the very request the bot made rather than for a reading of its own. A line reads:
//   2026-12-04 23:17:39,223 - synapse.access.http.46411 - … - {@scale-bot:localhost} Processed request:
//   0.019sec/0.033sec ru=(…) db=(…) 717936B 200 "GET /_matrix/client/v3/rooms/!…/joined_members HTTP/1.1" …
// The line is written once the answer is sent; the two figures are the time to make the answer and the time to send it.
import { readFile } from 'node:fs/promises';

export interface ServedRequest {
  userId: string;
  method: string;
  path: string;
  /** When the request reached Synapse and when its answer was sent, in ms since the epoch (the machine's clock). */
  startMs: number;
  endMs: number;
}

const LINE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3}) - synapse\.access\.http\.\d+ .*? - \{([^}|]+)[^}]*\} Processed request: ([\d.]+)sec\/([\d.]+)sec .*? "(\w+) (\S+) HTTP/;

export function parseServedRequest(line: string): ServedRequest | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms, userId, making, sending, method, path] = m;
  // Synapse writes its local time, and this process shares its clock and time zone.
  const endMs = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms)).getTime();
  const tookMs = Math.round((Number(making) + Number(sending)) * 1000);
  return { userId: userId!, method: method!, path: path!, startMs: endMs - tookMs, endMs };
}

export async function servedRequests(logFile: string): Promise<ServedRequest[]> {
  const text = await readFile(logFile, 'utf8');
  return text.split('\n').flatMap((line) => parseServedRequest(line) ?? []);
}

/** From the first of the requests reaching Synapse to the last answer sent: Synapse's time to serve them together. */
export function servedSpanMs(requests: ServedRequest[]): number {
  if (requests.length === 0) return Number.NaN;
  return Math.max(...requests.map((r) => r.endMs)) - Math.min(...requests.map((r) => r.startMs));
}
