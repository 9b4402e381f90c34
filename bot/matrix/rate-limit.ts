// Matrix 429s are waited out and retried: the SDK throws them with retryAfterMs and retries nothing itself.

const MAX_ATTEMPTS = 8;

interface MaybeRateLimited {
  statusCode?: number;
  errcode?: string;
  retryAfterMs?: number;
  headers?: Record<string, string>;
}

export function retryDelayMs(error: unknown): number | undefined {
  const e = error as MaybeRateLimited | undefined;
  if (!e || (e.statusCode !== 429 && e.errcode !== 'M_LIMIT_EXCEEDED')) return undefined;
  if (typeof e.retryAfterMs === 'number') return e.retryAfterMs;
  const header = e.headers?.['retry-after'];
  if (header && /^\d+$/.test(header)) return Number(header) * 1000;
  return 1000;
}

export async function withRateLimitRetry<T>(fn: () => Promise<T>, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<T> {
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
