// HTTP to the instance's API with the fault handling the admin API needs. Written on fetch rather than masto because
// masto 8 does not expose response headers on success, and pacing (X-RateLimit-Remaining), pagination (Link) and
// waiting for X-RateLimit-Reset all need them.
import { InstanceError } from './gateway.ts';

export interface HttpOptions {
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Attempts for 5xx, HTML error pages, timeouts and network errors before giving up (transient). */
  maxAttempts?: number;
  /** Longest single wait for a rate-limit reset before giving up (transient). */
  maxRateLimitWaitMs?: number;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A path (`/api/v1/...`) or an absolute URL on the instance (from a Link header). */
  path: string;
  query?: Record<string, string | number | undefined>;
  form?: Record<string, string | boolean | undefined>;
  json?: unknown;
  idempotencyKey?: string;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  body: unknown;
}

interface Budget {
  limit: number;
  remaining: number;
  resetAt: number;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

export class InstanceHttp {
  private readonly options: Required<HttpOptions>;
  private budget: Budget | undefined;

  constructor(options: HttpOptions) {
    this.options = {
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      maxAttempts: 5,
      maxRateLimitWaitMs: 15 * 60_000,
      ...options,
    };
  }

  /** Answers with any status below 500 except 429 (those are retried); callers decide what a 4xx means. */
  async request(spec: RequestSpec): Promise<HttpReply> {
    if (spec.method !== 'GET') await this.pace();
    let failures = 0;
    for (;;) {
      let reply: HttpReply;
      try {
        reply = await this.once(spec);
      } catch (error) {
        failures++;
        if (failures >= this.options.maxAttempts) {
          throw new InstanceError('transient', `${spec.method} ${pathOnly(spec.path)} failed ${failures} times: ${describeNetworkError(error)}`);
        }
        await this.options.sleep(this.backoff(failures));
        continue;
      }
      if (reply.status === 429) {
        const wait = this.rateLimitWait(reply.headers);
        if (wait > this.options.maxRateLimitWaitMs) {
          throw new InstanceError('transient', `the instance's rate limit resets only in ${Math.ceil(wait / 60_000)} minutes`, 429);
        }
        await this.options.sleep(wait);
        continue;
      }
      const htmlPage = typeof reply.body === 'string' && /<html/i.test(reply.body);
      // GoToSocial answers 409 while an action on the same domain still runs: worth waiting for too.
      if (reply.status >= 500 || reply.status === 409 || (htmlPage && reply.status >= 400)) {
        failures++;
        if (failures >= this.options.maxAttempts) {
          throw new InstanceError('transient', `${spec.method} ${pathOnly(spec.path)} answered ${reply.status} ${errorText(reply.body)} (${failures} attempts)`, reply.status);
        }
        await this.options.sleep(this.backoff(failures));
        continue;
      }
      return reply;
    }
  }

  private async once(spec: RequestSpec): Promise<HttpReply> {
    const url = new URL(spec.path, this.options.baseUrl);
    for (const [key, value] of Object.entries(spec.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.accessToken}`, accept: 'application/json' };
    let body: string | undefined;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(spec.form)) if (value !== undefined) form.set(key, String(value));
      body = form.toString();
    }
    if (spec.idempotencyKey) headers['idempotency-key'] = spec.idempotencyKey;
    const res = await fetch(url, { method: spec.method, headers, body, signal: AbortSignal.timeout(this.options.timeoutMs) });
    const text = await res.text();
    this.noteBudget(res.headers);
    let parsed: unknown = text;
    if (text && (res.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  private noteBudget(headers: Headers): void {
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    const resetAt = Date.parse(headers.get('x-ratelimit-reset') ?? '');
    if (Number.isFinite(limit) && limit > 0 && Number.isFinite(remaining) && Number.isFinite(resetAt)) {
      this.budget = { limit, remaining, resetAt };
    }
  }

  /** Spreads writes over what is left of the window once half the budget is used, and waits out an empty one. */
  private async pace(): Promise<void> {
    const budget = this.budget;
    if (!budget) return;
    const untilReset = budget.resetAt - this.options.now();
    if (untilReset <= 0) return;
    if (budget.remaining <= 1) {
      await this.options.sleep(untilReset + 50);
      return;
    }
    if (budget.remaining < budget.limit / 2) await this.options.sleep(Math.ceil(untilReset / budget.remaining));
  }

  private rateLimitWait(headers: Headers): number {
    const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
    if (Number.isFinite(reset)) return Math.max(0, reset - this.options.now()) + 50;
    const retryAfter = Number(headers.get('retry-after'));
    return Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 5_000;
  }

  private backoff(failures: number): number {
    const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
    return Math.round(base / 2 + (this.options.random() * base) / 2);
  }
}

/** The server's own words for an error answer (Mastodon and GoToSocial both use `{"error": …}`). */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  if (typeof body === 'string') return /<html/i.test(body) ? '(an HTML error page)' : body.slice(0, 200);
  return '';
}

function pathOnly(path: string): string {
  return path.startsWith('http') ? new URL(path).pathname : path.split('?')[0]!;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer before the request timeout';
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
