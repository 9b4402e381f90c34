/**
 * Fault kinds, as something between the client and Mastodon would produce them:
 * - `500`: Mastodon's JSON error; `502`: a proxy's HTML page (text/html); `429`: a throttled answer with headers;
 * - `slow`: the answer comes `delayMs` late (default: the fake's `slowMs`);
 * - `drop`: the socket is destroyed without an answer.
 */
export type FaultKind = '500' | '502' | '429' | 'slow' | 'drop';

/**
 * `before`: the request never reaches the API (nothing changes); `after`: the API handles it (state changes),
 * then the answer is delayed or lost. Defaults: `slow` → after, `drop` → before; the others are always before.
 */
export type FaultPhase = 'before' | 'after';

export interface FaultMatch {
  method?: string;
  /** Exact path (no query) or a pattern tested against the path. */
  path?: string | RegExp;
  delayMs?: number;
  phase?: FaultPhase;
}

export interface FaultSpec extends FaultMatch {
  kind: FaultKind;
  /** How many matching requests it hits; default 1. */
  times?: number;
}

export interface ActiveFault {
  kind: FaultKind;
  phase: FaultPhase;
  delayMs: number;
}

export class Faults {
  private readonly queue: (FaultSpec & { left: number })[] = [];
  private readonly slowMs: number;

  constructor(slowMs: number) {
    this.slowMs = slowMs;
  }

  /** The next `n` requests (matching `match`, if given) fail with `kind`. */
  next(n: number, kind: FaultKind, match: FaultMatch = {}): void {
    this.add({ ...match, kind, times: n });
  }

  add(spec: FaultSpec): void {
    this.queue.push({ ...spec, left: spec.times ?? 1 });
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Requests still to be hit, summed over all queued faults. */
  pending(): number {
    return this.queue.reduce((sum, f) => sum + f.left, 0);
  }

  /** Consumes the first queued fault matching this request. */
  take(method: string, path: string): ActiveFault | undefined {
    const i = this.queue.findIndex((f) => matches(f, method, path));
    if (i < 0) return undefined;
    const f = this.queue[i]!;
    f.left -= 1;
    if (f.left <= 0) this.queue.splice(i, 1);
    const phase = f.phase ?? (f.kind === 'slow' ? 'after' : 'before');
    return { kind: f.kind, phase: f.kind === 'slow' || f.kind === 'drop' ? phase : 'before', delayMs: f.delayMs ?? this.slowMs };
  }
}

function matches(f: FaultMatch, method: string, path: string): boolean {
  if (f.method !== undefined && f.method.toUpperCase() !== method) return false;
  if (f.path === undefined) return true;
  return typeof f.path === 'string' ? f.path === path : f.path.test(path);
}

export const PROXY_502_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** What Rails serves (public/500.html) when an exception escapes a controller. */
export const RAILS_500_HTML =
  '<!DOCTYPE html>\n<html><head><title>We\'re sorry, but something went wrong (500)</title></head>\n' +
  '<body><h1>We\'re sorry, but something went wrong.</h1></body></html>\n';
