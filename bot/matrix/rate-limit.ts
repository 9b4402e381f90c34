// Matrix 429s are waited out and retried: the SDK throws them with retryAfterMs and retries nothing itself.
import { loadMatrixSdk } from './load-sdk.ts';

const MAX_ATTEMPTS = 8;
/** Where a 429's Retry-After header is kept on the error body the SDK hands over (not enumerable, so never logged). */
const RETRY_AFTER = 'fedimootRetryAfter';

interface MaybeRateLimited {
  statusCode?: number;
  errcode?: string;
  retryAfterMs?: number;
  body?: Record<string, unknown>;
  /** Present when the SDK throws the raw response: a 429 whose body was not Matrix JSON (a proxy's page). */
  headers?: Record<string, string | undefined>;
}

type Callback = (err: unknown, res: { statusCode?: number; headers?: Record<string, string | undefined>; body?: unknown }, body: unknown) => void;
type RequestFn = (params: unknown, callback: Callback) => unknown;

let headersKept = false;

/**
 * matrix-bot-sdk builds its MatrixError from the JSON body alone, so a 429 with only a Retry-After header (newer
 * homeservers drop retry_after_ms) would lose its delay. Its request function is replaceable: ours keeps the header on
 * such a body (parsed), and the SDK then uses that body as the error's `body`.
 */
function keepRetryAfterHeaders(): void {
  if (headersKept) return;
  headersKept = true;
  const { sdk } = loadMatrixSdk();
  const request = sdk.getRequestFn() as unknown as RequestFn;
  sdk.setRequestFn(((params, callback) =>
    request(params, (err, res, body) => {
      const header = res?.headers?.['retry-after'];
      if (!err && res.statusCode === 429 && header) {
        // A JSON body comes parsed (sdk-request.ts); a string here did not parse, or came from another request function.
        const parsed = typeof res.body === 'string' ? parsedOrUndefined(res.body) : res.body;
        if (parsed && typeof parsed === 'object' && !Buffer.isBuffer(parsed)) {
          Object.defineProperty(parsed, RETRY_AFTER, { value: header, enumerable: false });
          res.body = parsed;
        }
        // Otherwise not JSON: the SDK throws the response itself, headers included.
      }
      callback(err, res, body);
    })) as RequestFn);
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110). */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function retryDelayMs(error: unknown): number | undefined {
  const e = error as MaybeRateLimited | undefined;
  if (!e || (e.statusCode !== 429 && e.errcode !== 'M_LIMIT_EXCEEDED')) return undefined;
  if (typeof e.retryAfterMs === 'number') return e.retryAfterMs;
  const header = (e.body?.[RETRY_AFTER] as string | undefined) ?? e.headers?.['retry-after'];
  return retryAfterMs(header) ?? 1000;
}

export async function withRateLimitRetry<T>(fn: () => Promise<T>, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
  keepRetryAfterHeaders();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const delay = retryDelayMs(error);
      if (delay === undefined || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.min(delay, 60_000));
    }
  }
}
