// The bot's HTTP client on node:http: what fetch did for the bot (compressed answers, redirects when asked, the
// authorization kept within its origin, a time limit on the whole exchange), against real local servers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../../bot/http-request.ts';

interface Seen { method?: string; url?: string; authorization?: string; userAgent?: string; body: string }

async function serve(handle: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void): Promise<{ server: Server; base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const entry = { method: req.method, url: req.url, authorization: req.headers.authorization, userAgent: req.headers['user-agent'], body };
      seen.push(entry);
      handle(req, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

let main: Awaited<ReturnType<typeof serve>>;
let other: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  other = await serve((_req, res) => res.end('elsewhere'));
  main = await serve((req, res) => {
    if (req.url === '/gzip') return void res.writeHead(200, { 'content-encoding': 'gzip', 'x-twice': ['a', 'b'] }).end(gzipSync('{"packed":true}'));
    if (req.url === '/see-other') return void res.writeHead(303, { location: '/landing' }).end();
    if (req.url === '/away') return void res.writeHead(302, { location: `${other.base}/there` }).end();
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 1000);
    res.end(`${req.method} ${req.url}`);
  });
});
afterAll(async () => {
  for (const s of [main.server, other.server]) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

describe('request', () => {
  // GoToSocial answers 418 "no user-agent sent with request" to a request without one.
  it('names itself in the User-Agent unless the caller gives its own', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    await request({ url: `${main.base}/plain`, method: 'GET' });
    await request({ url: `${main.base}/own`, method: 'GET', headers: { 'User-Agent': 'peer-watch/1' } });
    expect(main.seen.find((s) => s.url === '/plain')?.userAgent).toBe(`fedimoot/${version}`);
    expect(main.seen.find((s) => s.url === '/own')?.userAgent).toBe('peer-watch/1');
  });

  it('decompresses a gzip answer and joins repeated headers as fetch did', async () => {
    const answer = await request({ url: `${main.base}/gzip`, method: 'GET' });
    expect(answer.body.toString()).toBe('{"packed":true}');
    expect(answer.headers.get('X-Twice')).toBe('a, b');
    expect(answer.headers.get('absent')).toBeNull();
  });

  it('hands a redirect back unless asked to follow it', async () => {
    const answer = await request({ url: `${main.base}/see-other`, method: 'POST', body: 'x' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/landing');
  });

  it('follows a 303 with a GET without the body', async () => {
    main.seen.length = 0;
    const answer = await request({ url: `${main.base}/see-other`, method: 'POST', body: 'form', headers: { 'Content-Type': 'text/plain' }, followRedirects: true });
    expect(answer.body.toString()).toBe('GET /landing');
    expect(main.seen.map((s) => [s.method, s.url, s.body])).toEqual([['POST', '/see-other', 'form'], ['GET', '/landing', '']]);
  });

  it('drops the authorization when a redirect leaves the origin', async () => {
    other.seen.length = 0;
    const answer = await request({ url: `${main.base}/away`, method: 'GET', headers: { Authorization: 'Bearer secret' }, followRedirects: true });
    expect(answer.body.toString()).toBe('elsewhere');
    expect(main.seen.at(-1)?.authorization).toBe('Bearer secret');
    expect(other.seen).toMatchObject([{ method: 'GET', url: '/there', authorization: undefined, body: '' }]);
  });

  it('keeps the connection alive between requests', async () => {
    const ports = new Set<number>();
    main.server.on('connection', (socket) => ports.add(socket.remotePort!));
    for (let i = 0; i < 3; i++) await request({ url: `${main.base}/again`, method: 'GET' });
    expect(ports.size).toBeLessThanOrEqual(1);
  });

  it('fails with a TimeoutError when the whole exchange takes longer than the limit', async () => {
    await expect(request({ url: `${main.base}/slow`, method: 'GET', timeoutMs: 100 })).rejects.toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
  });
});
