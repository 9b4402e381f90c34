// The request function matrix-bot-sdk performs every HTTP call with (it takes any `request`-compatible one through
// setRequestFn), on Node's own fetch. The SDK's default is the `request` package, deprecated since 2020, which with
// its dependencies (a JSON-schema validator, SSH key parsing, a cookie jar) is the largest part of the SDK an idle bot
// would keep in memory; fetch is built into Node and keeps connections alive by itself. What the SDK passes is small
// (lib/http.js): uri, method, qs (arrays repeated), headers, a string or Buffer body, a timeout, and `encoding: null`
// for a Buffer response; it reads statusCode, headers and body. One difference: fetch refuses the ports the Fetch
// standard bars (1, 6000, 6665-6669, 10080…), answering "bad port"; no homeserver listens on those.
export interface RequestParams {
  uri: string;
  method: string;
  qs?: Record<string, unknown>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeout?: number;
  /** null: the body as a Buffer (media); otherwise a string. */
  encoding?: null | string;
}

export interface RequestResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export type RequestCallback = (error: Error | null, response: RequestResponse, body: string | Buffer) => void;

function withQuery(uri: string, qs: Record<string, unknown> | undefined): string {
  if (!qs) return uri;
  const url = new URL(uri);
  for (const [key, value] of Object.entries(qs)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) url.searchParams.append(key, String(item));
    }
  }
  return url.href;
}

/** fetch's network failure is a TypeError "fetch failed" whose cause says what failed: keep that sentence. */
function networkError(error: unknown, params: RequestParams): Error {
  if ((error as Error).name === 'TimeoutError') {
    return Object.assign(new Error(`ETIMEDOUT: no answer to ${params.method} within ${params.timeout} ms`), { code: 'ETIMEDOUT' });
  }
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  return Object.assign(new Error(cause?.message ?? (error as Error).message), { code: cause?.code });
}

export function fetchRequest(params: RequestParams, callback: RequestCallback): void {
  const init: RequestInit = { method: params.method, headers: params.headers, body: params.body };
  if (params.timeout) init.signal = AbortSignal.timeout(params.timeout);
  fetch(withQuery(params.uri, params.qs), init)
    .then(async (res) => {
      const body = params.encoding === null ? Buffer.from(await res.arrayBuffer()) : await res.text();
      return { statusCode: res.status, headers: Object.fromEntries(res.headers), body };
    })
    .then(
      (response) => callback(null, response, response.body),
      (error: unknown) => callback(networkError(error, params), undefined as unknown as RequestResponse, ''),
    );
}
