// Rack::Attack as Mastodon configures it (config/initializers/rack_attack.rb): fixed windows aligned to
// multiples of the period since the epoch, throttles checked in order, the first one over its limit answers 429.

export interface FakeClock {
  now(): number;
  /** Moves the fake time forward (e.g. past a rate-limit window). */
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function createClock(base: () => number = Date.now): FakeClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      offset += ms;
    },
    set(epochMs) {
      offset = epochMs - base();
    },
  };
}

export interface ThrottleSpec {
  limit: number;
  periodMs: number;
}

export interface RateLimitOptions {
  /** Per-token budget (Mastodon: 300 per 5 minutes). Shorthand for `perToken`. */
  limit?: number;
  periodMs?: number;
  /** Per user, across that user's tokens (Mastodon: 1,500 per 5 minutes). */
  perUser?: ThrottleSpec | false;
  /** Requests carrying max_id/min_id/since_id/page, per user (Mastodon: 300 per 15 minutes). */
  paging?: ThrottleSpec | false;
  /** Requests without a known token, per address (Mastodon: 300 per 5 minutes). */
  unauthenticated?: ThrottleSpec | false;
}

export interface RateLimitSubject {
  tokenId?: string;
  userId?: string;
  ip: string;
  paging: boolean;
}

export interface RateLimitResult {
  throttled: boolean;
  headers: Record<string, string>;
}

interface Rule extends ThrottleSpec {
  name: string;
  key: (s: RateLimitSubject) => string | undefined;
}

const FIVE_MINUTES = 5 * 60_000;

/** Ruby's Time#iso8601(6): microsecond precision, "Z" for UTC. */
export function rubyIso8601(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

export class RateLimiter {
  readonly rules: Rule[];
  private readonly counts = new Map<string, number>();
  private readonly clock: FakeClock;

  constructor(options: RateLimitOptions | false | undefined, clock: FakeClock) {
    this.clock = clock;
    this.rules = [];
    if (options === false) return;
    const o = options ?? {};
    const add = (name: string, spec: ThrottleSpec | false | undefined, dflt: ThrottleSpec, key: Rule['key']) => {
      if (spec !== false) this.rules.push({ name, ...dflt, ...spec, key });
    };
    add('throttle_authenticated_api', o.perUser, { limit: 1_500, periodMs: FIVE_MINUTES }, (s) => s.userId);
    add('throttle_per_token_api', { limit: o.limit ?? 300, periodMs: o.periodMs ?? FIVE_MINUTES }, { limit: 300, periodMs: FIVE_MINUTES }, (s) => s.tokenId);
    add('throttle_unauthenticated_api', o.unauthenticated, { limit: 300, periodMs: FIVE_MINUTES }, (s) =>
      s.userId === undefined ? s.ip : undefined,
    );
    add('throttle_authenticated_paging', o.paging, { limit: 300, periodMs: 3 * FIVE_MINUTES }, (s) =>
      s.paging ? s.userId : undefined,
    );
    add('throttle_unauthenticated_paging', o.paging, { limit: 300, periodMs: 3 * FIVE_MINUTES }, (s) =>
      s.paging && s.userId === undefined ? s.ip : undefined,
    );
  }

  /** Counts the request against every throttle that applies, stopping at the first one it exceeds. */
  check(subject: RateLimitSubject): RateLimitResult {
    const now = this.clock.now();
    const seen: { rule: Rule; count: number }[] = [];
    for (const rule of this.rules) {
      const disc = rule.key(subject);
      if (disc === undefined) continue;
      const key = `${rule.name}:${Math.floor(now / rule.periodMs)}:${disc}`;
      const count = (this.counts.get(key) ?? 0) + 1;
      this.counts.set(key, count);
      if (count > rule.limit) {
        return { throttled: true, headers: this.headers(rule, 0, now) };
      }
      seen.push({ rule, count });
    }
    if (seen.length === 0) return { throttled: false, headers: {} };
    const tightest = seen.reduce((a, b) => (b.rule.limit - b.count < a.rule.limit - a.count ? b : a));
    return { throttled: false, headers: this.headers(tightest.rule, tightest.rule.limit - tightest.count, now) };
  }

  /** Headers of a throttled answer on the per-token rule, for an injected 429. */
  throttledHeaders(): Record<string, string> {
    const rule = this.rules.find((r) => r.name === 'throttle_per_token_api') ?? {
      limit: 300,
      periodMs: FIVE_MINUTES,
    };
    return this.headers(rule, 0, this.clock.now());
  }

  reset(): void {
    this.counts.clear();
  }

  private headers(rule: ThrottleSpec, remaining: number, now: number): Record<string, string> {
    const resetAt = (Math.floor(now / rule.periodMs) + 1) * rule.periodMs;
    return {
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': rubyIso8601(resetAt),
    };
  }
}
