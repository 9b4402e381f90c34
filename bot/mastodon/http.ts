// HTTP to the instance's API with the fault handling the admin API needs: 429 waits for X-RateLimit-Reset, 5xx,
// 408/409, non-JSON success pages, timeouts and dropped connections retry with capped exponential backoff and jitter,
// every request (reads too: a long block list is many pages) is paced by X-RateLimit-Remaining.
//
// Written on the bot's own HTTP client (../http-request.ts), not masto: masto 8's `$raw` does give the headers of a success, but it turns every answer that is
// not JSON into a bare TypeError or MastoUnexpectedError without status or headers (a proxy's 502 page cannot be told
// from its 404 page, a 503's Retry-After is lost), and its paginator cannot resume after a failed page. The retry loop
// needs the status and headers of every answer, so one small transport carries every call.
import type { Logger } from '../logger.ts';
import { request, type ReplyHeaders } from '../http-request.ts';
import { InstanceError, type InstanceErrorKind } from './gateway.ts';
import { RateBudget, retryAfterMs } from './rate-budget.ts';

export interface HttpOptions {
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
  logger?: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Attempts for 5xx, HTML pages, timeouts and network errors before giving up (transient). Default 5. */
  maxAttempts?: number;
  /** Longest single wait for a rate-limit reset before giving up (transient). Default 15 minutes. */
  maxRateLimitWaitMs?: number;
  /** 429s in a row for one request before giving up (transient). Default 5. */
  maxRateLimitWaits?: number;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A path on the instance (`/api/v1/...`), optionally with a query string. */
  path: string;
  query?: Record<string, string | number | undefined>;
  form?: Record<string, string | boolean | undefined>;
  json?: unknown;
  idempotencyKey?: string;
  /** Statuses handed back to the caller instead of being retried (e.g. GoToSocial's 500 for an unknown id). */
  passThrough?: readonly number[];
  /**
   * False for a write that must not be sent twice where the server ignores Idempotency-Key (GoToSocial): a lost answer
   * (timeout, dropped connection, a proxy's 502/504) may mean it was done, so it fails instead of being sent again.
   */
  retryLostAnswer?: boolean;
}

export interface HttpReply {
  status: number;
  headers: ReplyHeaders;
  /** Parsed JSON, or the text when the answer was not JSON. */
  body: unknown;
  json: boolean;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** Statuses below 500 that mean "try again": request timeout, and GoToSocial's "an action is still running". */
const RETRYABLE_4XX = new Set([408, 409]);
/** Mastodon's paging parameters: such requests count against a paging throttle of their own too. */
const PAGING = /[?&](max_id|min_id|since_id|page)=[^&]/;

const isPaging = (spec: RequestSpec): boolean =>
  PAGING.test(spec.path) || ['max_id', 'min_id', 'since_id', 'page'].some((key) => spec.query?.[key] !== undefined);

export class InstanceHttp {
  private readonly options: Required<Omit<HttpOptions, 'logger'>> & { logger?: Logger };
  readonly budget: RateBudget;
  private retried = 0;

  constructor(options: HttpOptions) {
    this.options = {
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      maxAttempts: 5,
      maxRateLimitWaitMs: 15 * 60_000,
      maxRateLimitWaits: 5,
      ...options,
    };
    this.budget = new RateBudget(this.options.now);
  }

  /** Failed attempts so far (5xx, 408/409, pages that are not JSON, timeouts, dropped connections; not 429s). */
  get retries(): number {
    return this.retried;
  }

  /** Answers with the first answer that is neither a 429 nor worth retrying; callers decide what a 4xx means. */
  async request(spec: RequestSpec): Promise<HttpReply> {
    const what = `${spec.method} ${spec.path.split('?')[0]}`;
    let failures = 0;
    let rateLimited = 0;
    const paging = isPaging(spec);
    for (;;) {
      await this.pace(what, paging);
      let reply: HttpReply | undefined;
      let problem: string | undefined;
      try {
        reply = await this.once(spec, paging);
      } catch (error) {
        problem = describeNetworkError(error);
      }
      if (reply) {
        if (spec.passThrough?.includes(reply.status)) return reply;
        if (reply.status === 429) {
          rateLimited++;
          const wait = this.budget.waitAfter429(reply.headers);
          if (rateLimited > this.options.maxRateLimitWaits || wait > this.options.maxRateLimitWaitMs) {
            throw this.error('transient', `${what}: the instance's rate limit is exhausted (it resets in ${Math.ceil(wait / 1000)} s)`, 429);
          }
          this.options.logger?.warn({ request: what, waitMs: wait }, 'instance rate limit reached; waiting for its reset');
          await this.options.sleep(wait);
          continue;
        }
        problem = retryReason(reply);
        if (problem === undefined) return reply;
      }
      if (spec.retryLostAnswer === false && (!reply || reply.status === 502 || reply.status === 504)) {
        throw this.error('permanent', `${what}: ${problem}; not sent again, since it may have been done and this server would do it twice`, reply?.status);
      }
      failures++;
      this.retried++;
      if (failures >= this.options.maxAttempts) {
        throw this.error('transient', `${what} failed ${failures} times; last: ${problem}`, reply?.status);
      }
      const serverAsks = reply ? (retryAfterMs(reply.headers, this.options.now()) ?? 0) : 0;
      const wait = Math.min(BACKOFF_CAP_MS, Math.max(this.backoff(failures), serverAsks));
      this.options.logger?.warn({ request: what, attempt: failures, problem, waitMs: wait }, 'instance request failed; retrying');
      await this.options.sleep(wait);
    }
  }

  /** An error for a refused request, in the server's words, never carrying the token. */
  refused(reply: HttpReply, what: string): InstanceError {
    const location = reply.headers.get('location');
    if (reply.status >= 300 && reply.status < 400 && location) {
      return this.error('permanent', `${what}: the instance redirects to ${location}; set mastodon.url to the address it redirects to`, reply.status);
    }
    return this.error('permanent', `${what}: the instance answered ${reply.status} ${errorText(reply.body)}`.trim(), reply.status);
  }

  error(kind: InstanceErrorKind, message: string, status?: number): InstanceError {
    const token = this.options.accessToken;
    const clean = token.length >= 4 ? message.split(token).join('[token]') : message;
    return new InstanceError(kind, clean, status);
  }

  private async pace(what: string, paging: boolean): Promise<void> {
    const delay = this.budget.delayBeforeRequest(paging);
    if (delay <= 0) return;
    if (delay > 5_000) this.options.logger?.info({ request: what, waitMs: delay }, 'pacing requests to stay within the rate limit');
    await this.options.sleep(delay);
  }

  private async once(spec: RequestSpec, paging: boolean): Promise<HttpReply> {
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
    const res = await request({ url, method: spec.method, headers, body, timeoutMs: this.options.timeoutMs });
    const text = res.body.toString('utf8');
    this.budget.note(res.headers, paging);
    return { status: res.status, headers: res.headers, ...parseBody(text, res.headers.get('content-type')) };
  }

  private backoff(failures: number): number {
    const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
    return Math.round(base / 2 + (this.options.random() * base) / 2);
  }
}

function parseBody(text: string, contentType: string | null): { body: unknown; json: boolean } {
  const looksJson = (contentType ?? '').includes('json') || /^\s*[[{]/.test(text);
  if (looksJson && text.trim() !== '') {
    try {
      return { body: JSON.parse(text), json: true };
    } catch {
      // a broken body: the text is all there is
    }
  }
  return { body: text, json: false };
}

/** Why an answer is worth another try, or undefined when it is the answer. */
function retryReason(reply: HttpReply): string | undefined {
  if (reply.status >= 500 || RETRYABLE_4XX.has(reply.status)) return `${reply.status} ${errorText(reply.body)}`.trim();
  // A success that is not JSON is a proxy's or a maintenance page, not the API.
  if (reply.status < 300 && !reply.json) return `${reply.status} ${isHtml(reply.body) ? 'an HTML page' : 'an answer that is not JSON'}`;
  return undefined;
}

const isHtml = (body: unknown): boolean => typeof body === 'string' && /<(!doctype|html|body|head)/i.test(body);

/** The server's own words for an error answer (Mastodon and GoToSocial both use `{"error": …}`). */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  if (typeof body === 'string') return isHtml(body) ? '(an HTML error page)' : body.slice(0, 200);
  return '';
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer before the request timeout';
    // Node's own words already name the failure and the address ("connect ECONNREFUSED 127.0.0.1:3000").
    return error.message;
  }
  return String(error);
}
