// publish.http: the decision log over HTTP, read-only. A page is rendered once per head of the hash chain and kept
// until the log grows; its ETag is a digest of the bytes served, Last-Modified the newest close or application.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HashedEntry } from '../../governance/log-entry.ts';
import type { Logger } from '../logger.ts';
import type { PublishContext } from './formats.ts';
import { resolveRoute, ROUTES, type Route } from './routes.ts';
import { lastChange } from './views.ts';

/** Inline styles only; no scripts, frames or outside resources, whatever ends up in the log. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export interface LogSource {
  /** Hash of the newest entry: cheap, and tells whether a rendered page is still current. */
  head(): string | undefined;
  entries(): HashedEntry[];
}

export interface LogServerOptions {
  host: string;
  port: number;
  source: LogSource;
  context(): PublishContext;
  logger: Logger;
}

export interface LogServer {
  url: string;
  close(): Promise<void>;
}

interface Rendered {
  head: string | undefined;
  body: Buffer;
  etag: string;
  lastModified: string | undefined;
}

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS, ...headers }).end(body);
}

/** If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2). */
function notModified(req: IncomingMessage, page: Rendered): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === page.etag);
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return page.lastModified !== undefined && !Number.isNaN(since) && Date.parse(page.lastModified) <= since;
}

export async function startLogServer(options: LogServerOptions): Promise<LogServer> {
  const cache = new Map<string, Rendered>();
  let self = '';
  const render = (key: string, route: Route): Rendered | undefined => {
    const head = options.source.head();
    const cached = cache.get(key);
    if (cached && cached.head === head) return cached;
    const entries = options.source.entries();
    const text = route.render(entries, options.context(), self);
    if (text === undefined) return undefined;
    const body = Buffer.from(text, 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const changed = lastChange(entries);
    const page = { head, body, etag, lastModified: changed === undefined ? undefined : new Date(changed).toUTCString() };
    // Only fixed addresses: a page per `since` value would let anyone fill the memory.
    if (ROUTES[key] === route) cache.set(key, page);
    return page;
  };

  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      text(res, 405, 'This server is read-only: use GET or HEAD.\n', { allow: 'GET, HEAD' });
      return;
    }
    const requested = new URL(req.url ?? '/', 'http://log.invalid');
    const path = requested.pathname;
    const head = req.method === 'HEAD';
    if (path === '/health') {
      const body = `${JSON.stringify({ status: 'ok', head: options.source.head() ?? null })}\n`;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS }).end(head ? undefined : body);
      return;
    }
    // Who fetches the feeds, and whether their revalidation was answered 304 (at debug: one line per request).
    res.once('finish', () => {
      options.logger.debug(
        { path: path + requested.search, status: res.statusCode, ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'], userAgent: req.headers['user-agent'] },
        'publish.http request',
      );
    });
    const resolved = resolveRoute(path, requested.searchParams);
    if ('status' in resolved) {
      text(res, resolved.status, resolved.message);
      return;
    }
    let page: Rendered | undefined;
    try {
      page = render(resolved.key, resolved.route);
    } catch (error) {
      options.logger.error({ err: error, path }, 'could not render the decision log');
      text(res, 500, 'The decision log could not be rendered.\n');
      return;
    }
    if (!page) {
      text(res, 404, `Nothing at ${path}.\n`);
      return;
    }
    const route = resolved.route;
    const headers: Record<string, string> = { 'content-type': route.type, etag: page.etag, 'cache-control': 'public, max-age=60', ...SECURITY_HEADERS };
    if (page.lastModified) headers['last-modified'] = page.lastModified;
    if (notModified(req, page)) {
      res.writeHead(304, headers).end();
      return;
    }
    headers['content-length'] = String(page.body.length);
    res.writeHead(200, headers).end(head ? undefined : page.body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  self = url;
  options.logger.info({ url }, 'publishing the decision log');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
