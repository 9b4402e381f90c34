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

/** A JSON answer comes parsed (see `answerBody`); anything else as a string, or a Buffer when asked. */
export type AnswerBody = string | Buffer | object;

export interface RequestResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: AnswerBody;
}

export type RequestCallback = (error: Error | null, response: RequestResponse, body: AnswerBody) => void;

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

/**
 * The SDK parses a string body twice (once as the callback's body, once as `response.body`: lib/http.js), and leaves an
 * object as it is. So a JSON answer is parsed here, once, and the one object goes in both places: a /sync batch or a
 * 10,000-member list costs one parse, and half the short-lived memory that, promoted out of the bot's small young
 * generation, brought on full collections while a large member list was read.
 */
function answerBody(body: Buffer, contentType: string | undefined, encoding: RequestParams['encoding']): AnswerBody {
  if (encoding === null) return body;
  const text = body.toString('utf8');
  if (!contentType?.toLowerCase().includes('json')) return text;
  try {
    return JSON.parse(text) as object;
  } catch {
    return text;
  }
}

export function sdkRequest(params: RequestParams, callback: RequestCallback): void {
  request({ url: withQuery(params.uri, params.qs), method: params.method, headers: params.headers, body: params.body, timeoutMs: params.timeout, followRedirects: true })
    .then((answer) => {
      const body = answerBody(answer.body, answer.headerRecord['content-type'], params.encoding);
      return { statusCode: answer.status, headers: answer.headerRecord, body };
    })
    .then(
      (response) => callback(null, response, response.body),
      (error: unknown) => callback(networkError(error, params), undefined as unknown as RequestResponse, ''),
    );
}
