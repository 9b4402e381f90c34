// publish.http: the decision log over HTTP, read-only. Every answer is built from the log as it is now; the ETag is
// the head of the hash chain plus the format, so an unchanged log answers 304.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HashedEntry } from '../../governance/log-entry.ts';
import type { Logger } from '../logger.ts';
import { renderAtom, renderCsv, renderJson, type PublishContext } from './formats.ts';
import { renderHtml } from './html.ts';

interface Route {
  type: string;
  render(entries: readonly HashedEntry[], ctx: PublishContext): string;
}

const ROUTES: Record<string, Route> = {
  '/': { type: 'text/html; charset=utf-8', render: renderHtml },
  '/decisions.json': { type: 'application/json; charset=utf-8', render: renderJson },
  '/decisions.csv': { type: 'text/csv; charset=utf-8', render: (entries) => renderCsv(entries) },
  '/decisions.atom': { type: 'application/atom+xml; charset=utf-8', render: renderAtom },
};

export interface LogServer {
  url: string;
  close(): Promise<void>;
}

export interface LogServerOptions {
  host: string;
  port: number;
  entries(): HashedEntry[];
  context(): PublishContext;
  logger: Logger;
}

export async function startLogServer(options: LogServerOptions): Promise<LogServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://log').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('read-only\n');
      return;
    }
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}\n');
      return;
    }
    const route = ROUTES[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    try {
      const entries = options.entries();
      const etag = `"${(entries.at(-1)?.hash ?? 'empty').slice(0, 32)}-${path.length}${path.charCodeAt(path.length - 1)}"`;
      const lastModified = lastChange(entries);
      const headers: Record<string, string> = { 'content-type': route.type, etag, 'cache-control': 'public, max-age=60', 'x-content-type-options': 'nosniff' };
      if (lastModified) headers['last-modified'] = lastModified;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      const body = route.render(entries, options.context());
      res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      options.logger.error({ err: error, path }, 'could not render the decision log');
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('the log could not be rendered\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  options.logger.info({ url }, 'publishing the decision log');
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function lastChange(entries: readonly HashedEntry[]): string | undefined {
  const last = entries.at(-1);
  if (!last) return undefined;
  const when = last.kind === 'applied' ? last.appliedAt : last.closedAt;
  return new Date(when).toUTCString();
}
