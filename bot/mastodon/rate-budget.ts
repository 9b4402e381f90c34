// The instance's request budget as its X-RateLimit-* headers describe it (Mastodon: Rack::Attack; GoToSocial: the
// same headers, Reset also in ISO 8601). Used to pace every request, reads included, so a long run never meets a 429,
// and to know how long a 429 must wait.
//
// Mastodon counts paging requests (max_id & co.) twice: against the token's 300 per 5 minutes and against 300 per 15
// minutes of their own, and an answer's headers describe only the tightest throttle that counted it. So the budget
// keeps two snapshots: one from plain answers, one from paging answers; a paging request waits for both.
import type { ReplyHeaders } from '../http-request.ts';

export interface BudgetSnapshot {
  limit: number;
  remaining: number;
  resetAt: number;
}

type Kind = 'plain' | 'paging';

/** Added to every wait for a reset: the server's window must really have turned when we come back. */
const RESET_MARGIN_MS = 250;

export class RateBudget {
  private readonly snapshots = new Map<Kind, BudgetSnapshot>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** Every answer carries the budget left after it; answers without the headers (loopback, no limits) change nothing. */
  note(headers: ReplyHeaders, paging = false): void {
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const resetAt = parseReset(headers.get('x-ratelimit-reset'), this.now());
    if (limit > 0 && Number.isFinite(remaining) && remaining >= 0 && resetAt !== undefined) {
      this.snapshots.set(paging ? 'paging' : 'plain', { limit, remaining, resetAt });
    }
  }

  /**
   * How long to wait before the next request. The first half of a budget goes at once; after that what is left is
   * spread evenly until the reset, and an exhausted budget waits for the reset. The request is counted at once, so
   * requests running side by side do not both take the last one.
   */
  delayBeforeRequest(paging = false): number {
    const plain = this.take('plain');
    return paging ? Math.max(plain, this.take('paging')) : plain;
  }

  private take(kind: Kind): number {
    const budget = this.snapshots.get(kind);
    if (!budget) return 0;
    const untilReset = budget.resetAt - this.now();
    if (untilReset <= 0) {
      this.snapshots.delete(kind);
      return 0;
    }
    const remaining = budget.remaining;
    budget.remaining = Math.max(0, remaining - 1);
    if (remaining <= 1) {
      this.snapshots.delete(kind);
      return untilReset + RESET_MARGIN_MS;
    }
    if (remaining >= budget.limit / 2) return 0;
    return Math.ceil(untilReset / remaining);
  }

  /** How long a 429 asks us to wait: until X-RateLimit-Reset, else Retry-After, else a guess. */
  waitAfter429(headers: ReplyHeaders): number {
    this.snapshots.clear();
    const reset = parseReset(headers.get('x-ratelimit-reset'), this.now());
    if (reset !== undefined) return Math.max(0, reset - this.now()) + RESET_MARGIN_MS;
    return retryAfterMs(headers, this.now()) ?? 60_000;
  }
}

/** ISO 8601 (Mastodon, GoToSocial), or Unix seconds as some proxies send it. */
function parseReset(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) {
    const n = Number(value);
    // Small numbers are seconds from now (a delta), large ones an epoch in seconds.
    return n < 1e9 ? now + n * 1000 : n * 1000;
  }
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(headers: ReplyHeaders, now: number): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
