// The running bot's HTTP client (the homeserver through matrix-bot-sdk, the instance's API), on node:http and
// node:https. Not on fetch: Node's fetch is undici, whose JavaScript and WebAssembly HTTP parser load on the first call
// and stay, about 15 MB of resident memory in a bot that otherwise takes under 100 (see `npm run bench -- --only
// footprint`); node:http parses with the C parser already inside Node. What fetch did for us is kept: connections
// kept alive, compressed answers accepted, redirects followed when asked (the authorization dropped when one leaves
// the origin, as fetch does), a time limit on the whole exchange.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { packageVersion } from './project-root.ts';

export interface HttpRequest {
  url: string | URL;
  method: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange, answer read included; a longer one fails with a TimeoutError. */
  timeoutMs?: number;
  /** Follow up to 5 redirects (GET after a 303, or a 301/302 to a POST); default: hand the redirect back. */
  followRedirects?: boolean;
}

/** The few Headers methods the callers read (fetch's Headers fits it too, for tests that build answers by hand). */
export interface ReplyHeaders {
  get(name: string): string | null;
}

export interface HttpAnswer {
  status: number;
  headers: ReplyHeaders;
  /** Every header, lower-case names, repeated ones joined with ", " (as fetch's Headers gives them). */
  headerRecord: Record<string, string>;
  body: Buffer;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** A request whose kept-alive connection the server had just closed may be sent again on a fresh one. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Sent unless the caller names its own: some servers refuse a request without one (GoToSocial answers 418). */
let defaultUserAgent: string | undefined;
function userAgent(): string {
  defaultUserAgent ??= `fedimoot/${packageVersion()}`;
  return defaultUserAgent;
}

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) record[name] = Array.isArray(value) ? value.join(', ') : value;
  return record;
}

function decoded(res: IncomingMessage): Readable {
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(createGunzip());
  if (encoding === 'deflate') return res.pipe(createInflate());
  if (encoding === 'br') return res.pipe(createBrotliDecompress());
  return res;
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
}

interface Attempt {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  deadline?: number;
}

function once(attempt: Attempt, retryReset: boolean): Promise<{ res: IncomingMessage; body: Buffer }> {
  const { url } = attempt;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: attempt.method,
      headers: { 'accept-encoding': 'gzip, deflate, br', 'user-agent': userAgent(), ...attempt.headers },
      agent: url.protocol === 'https:' ? agents.https : agents.http,
    });
    let timer: NodeJS.Timeout | undefined;
    if (attempt.deadline !== undefined) {
      const left = Math.max(0, attempt.deadline - Date.now());
      timer = setTimeout(() => req.destroy(new TimeoutError(`no answer within ${left} ms`)), left);
    }
    const fail = (error: Error & { code?: string }) => {
      clearTimeout(timer);
      if (retryReset && req.reusedSocket && error.code === 'ECONNRESET' && IDEMPOTENT.has(attempt.method)) {
        once(attempt, false).then(resolve, reject);
      } else reject(error);
    };
    req.once('error', fail);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      const stream = decoded(res);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('error', (error) => req.destroy(error));
      stream.once('end', () => {
        clearTimeout(timer);
        resolve({ res, body: Buffer.concat(chunks) });
      });
    });
    req.end(attempt.body);
  });
}

/** Resolves with the answer, whatever its status; rejects when no answer came (the error's `code` says why). */
export async function request(spec: HttpRequest): Promise<HttpAnswer> {
  let attempt: Attempt = {
    url: new URL(spec.url),
    method: spec.method.toUpperCase(),
    // Lower-cased once, so the caller's User-Agent replaces the default whatever case it is written in.
    headers: lowerCased(spec.headers ?? {}),
    body: spec.body,
    deadline: spec.timeoutMs ? Date.now() + spec.timeoutMs : undefined,
  };
  for (let redirects = 0; ; redirects++) {
    const { res, body } = await once(attempt, true);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!spec.followRedirects || !REDIRECTS.has(status) || !location || redirects >= MAX_REDIRECTS) {
      const record = headerRecord(res.headers);
      return { status, headers: { get: (name) => record[name.toLowerCase()] ?? null }, headerRecord: record, body };
    }
    attempt = redirected(attempt, status, new URL(location, attempt.url));
  }
}

function redirected(from: Attempt, status: number, to: URL): Attempt {
  const headers = { ...from.headers };
  if (to.origin !== from.url.origin) {
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
  }
  const asGet = status === 303 ? from.method !== 'HEAD' : (status === 301 || status === 302) && from.method === 'POST';
  if (!asGet) return { ...from, url: to, headers };
  for (const name of Object.keys(headers)) if (name.toLowerCase().startsWith('content-')) delete headers[name];
  return { url: to, method: 'GET', headers, deadline: from.deadline };
}
