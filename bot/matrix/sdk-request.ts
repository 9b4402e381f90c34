// The request function matrix-bot-sdk performs every HTTP call with (it takes any `request`-compatible one through
// setRequestFn), on the bot's own client (../http-request.ts). The SDK's default is the `request` package, deprecated
// since 2020, which with its dependencies (a JSON-schema validator, SSH key parsing, a cookie jar) is the largest part
// of the SDK an idle bot would keep in memory. What the SDK passes is small (lib/http.js): uri, method, qs (arrays
// repeated), headers, a string or Buffer body, a timeout, and `encoding: null` for a Buffer response; it reads
// statusCode, headers and body. Redirects are followed, as `request` did.
import { request } from '../http-request.ts';

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

function networkError(error: unknown, params: RequestParams): Error {
  if ((error as Error).name === 'TimeoutError') {
    return Object.assign(new Error(`ETIMEDOUT: no answer to ${params.method} within ${params.timeout} ms`), { code: 'ETIMEDOUT' });
  }
  return error as Error;
}

export function sdkRequest(params: RequestParams, callback: RequestCallback): void {
  request({ url: withQuery(params.uri, params.qs), method: params.method, headers: params.headers, body: params.body, timeoutMs: params.timeout, followRedirects: true })
    .then((answer) => {
      const body = params.encoding === null ? answer.body : answer.body.toString('utf8');
      return { statusCode: answer.status, headers: answer.headerRecord, body };
    })
    .then(
      (response) => callback(null, response, response.body),
      (error: unknown) => callback(networkError(error, params), undefined as unknown as RequestResponse, ''),
    );
}
