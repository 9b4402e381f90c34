// The log's HTTP server on a real socket: routes, content types, caching validators, read-only, and a log that grows.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/logger.ts';
import { logSource } from '../../../bot/publish/log-writer.ts';
import { startLogServer, type LogServer } from '../../../bot/publish/server.ts';
import type { Store } from '../../../storage/store.ts';
import { renderGoToSocialCsv, renderMastodonJson, renderPlainList } from '../../../bot/publish/feeds.ts';
import { renderFiresChanges, renderFiresDataset, renderFiresLabels, renderFiresSnapshot } from '../../../bot/publish/fires.ts';
import { CTX, decide, sampleLog, sampleStore } from './publish-fixtures.ts';

const INFO = { base: CTX.baseUrl!, title: CTX.title, publisher: CTX.publisher };

let server: LogServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(store: Store): Promise<string> {
  const logger = createLogger({ level: 'fatal', destination: new PassThrough() });
  server = await startLogServer({ host: '127.0.0.1', port: 0, source: logSource(store), context: () => CTX, logger });
  return server.url;
}

describe('the log server', () => {
  it.each([
    ['/', 'text/html; charset=utf-8', '<h3 id="decision-1-title">'],
    ['/index.html', 'text/html; charset=utf-8', '<h3 id="decision-1-title">'],
    ['/decisions.json', 'application/json; charset=utf-8', '"format": "fedimoot-decision-log"'],
    ['/decisions.csv', 'text/csv; charset=utf-8', '#domain,#severity'],
    ['/decisions.atom', 'application/atom+xml; charset=utf-8', '<feed xmlns="http://www.w3.org/2005/Atom">'],
    ['/decisions.json?cache-buster=1', 'application/json; charset=utf-8', '"entries"'],
  ])('serves %s as %s', async (path, type, fragment) => {
    const res = await fetch(`${await serve(sampleStore())}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(res.headers.get('last-modified')).toBe(new Date(Date.UTC(2025, 5, 1, 12, 0, 30)).toUTCString());
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain(fragment);
  });

  it.each([
    ['/gotosocial.csv', 'text/csv; charset=utf-8', renderGoToSocialCsv(sampleLog())],
    ['/domain_blocks.json', 'application/json; charset=utf-8', renderMastodonJson(sampleLog())],
    ['/suspended.txt', 'text/plain; charset=utf-8', renderPlainList(sampleLog())],
    ['/fires', 'application/json; charset=utf-8', renderFiresDataset(sampleLog(), INFO)],
    ['/fires/snapshot', 'application/json; charset=utf-8', renderFiresSnapshot(sampleLog(), INFO)],
    ['/fires/changes', 'application/json; charset=utf-8', renderFiresChanges(sampleLog(), INFO)],
    ['/fires/changes?since=0', 'application/json; charset=utf-8', renderFiresChanges(sampleLog(), INFO, 0)],
    ['/fires/labels', 'application/json; charset=utf-8', renderFiresLabels(INFO)],
  ])('serves the feed %s as %s, revalidated with 304', async (path, type, body) => {
    const url = `${await serve(sampleStore())}${path}`;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(await res.text()).toBe(body);
    expect((await fetch(url, { headers: { 'if-none-match': res.headers.get('etag')! } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'if-modified-since': res.headers.get('last-modified')! } })).status).toBe(304);
  });

  it('names FIRES documents by its own address when publish.baseUrl is not set', async () => {
    const logger = createLogger({ level: 'fatal', destination: new PassThrough() });
    server = await startLogServer({ host: '127.0.0.1', port: 0, source: logSource(sampleStore()), context: () => ({ ...CTX, baseUrl: undefined }), logger });
    const dataset = (await (await fetch(`${server.url}/fires`)).json()) as { id: string; endpoints: { changes: string } };
    expect(dataset).toMatchObject({ id: `${server.url}/fires`, endpoints: { changes: `${server.url}/fires/changes` } });
  });

  it('answers a FIRES change by its id, 404 for one that is not there, 400 for a since that is not a seq', async () => {
    const entries = sampleLog();
    const seq = entries.find((e) => e.kind === 'applied' && e.number === 5)!.seq;
    const base = await serve(sampleStore());
    expect(await (await fetch(`${base}/fires/changes/${seq}`)).json()).toMatchObject({ id: `${CTX.baseUrl}/fires/changes/${seq}`, type: 'Retraction' });
    expect((await fetch(`${base}/fires/changes/1`)).status).toBe(404);
    expect((await fetch(`${base}/fires/changes/x`)).status).toBe(404);
    const bad = await fetch(`${base}/fires/changes?since=-1`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('since=-1: write the seq of the last change you have, e.g. since=0 for the first page.\n');
  });

  it('logs each feed request at debug, with its conditional headers and the status it got', async () => {
    const lines = new PassThrough();
    const logged: string[] = [];
    lines.on('data', (chunk: Buffer) => logged.push(...chunk.toString().split('\n').filter(Boolean)));
    server = await startLogServer({ host: '127.0.0.1', port: 0, source: logSource(sampleStore()), context: () => CTX, logger: createLogger({ level: 'debug', format: 'json', destination: lines }) });
    const first = await fetch(`${server.url}/gotosocial.csv`, { headers: { 'user-agent': 'gotosocial/test' } });
    await fetch(`${server.url}/gotosocial.csv`, { headers: { 'if-none-match': first.headers.get('etag')!, 'user-agent': 'gotosocial/test' } });
    await expect.poll(() => logged.filter((l) => l.includes('publish.http request')).length).toBe(2);
    const requests = logged.filter((l) => l.includes('publish.http request')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(requests.map((r) => [r['path'], r['status'], r['ifNoneMatch'], r['userAgent']])).toEqual([
      ['/gotosocial.csv', 200, undefined, 'gotosocial/test'],
      ['/gotosocial.csv', 304, first.headers.get('etag'), 'gotosocial/test'],
    ]);
  });

  it('answers /health with the head of the chain', async () => {
    const store = sampleStore();
    const res = await fetch(`${await serve(store)}/health`);
    expect(await res.json()).toEqual({ status: 'ok', head: store.log.last()!.hash });
  });

  it('answers 304 to a matching If-None-Match or an If-Modified-Since not older than the log', async () => {
    const url = `${await serve(sampleStore())}/decisions.json`;
    const first = await fetch(url);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    const revalidate = (headers: Record<string, string>) => fetch(url, { headers }).then((r) => r.status);
    expect(await revalidate({ 'if-none-match': etag })).toBe(304);
    expect(await revalidate({ 'if-none-match': `"other", W/${etag}` })).toBe(304);
    expect(await revalidate({ 'if-none-match': '"other"' })).toBe(200);
    expect(await revalidate({ 'if-modified-since': lastModified })).toBe(304);
    expect(await revalidate({ 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).toBe(200);
    // If-None-Match decides when both are sent.
    expect(await revalidate({ 'if-none-match': '"other"', 'if-modified-since': lastModified })).toBe(200);
  });

  it('serves the same bytes and ETag until the log grows, then the new entry', async () => {
    const store = sampleStore();
    const url = `${await serve(store)}/decisions.csv`;
    const before = await fetch(url);
    const again = await fetch(url);
    expect(again.headers.get('etag')).toBe(before.headers.get('etag'));
    const csv = await before.text();
    expect(await again.text()).toBe(csv);
    decide(store, { domain: 'new.example', publicReason: 'new' });
    const after = await fetch(url, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('\nnew.example,suspend,false,false,new,false\n');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(`${await serve(sampleStore())}/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await res.text()).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('is read-only: %s gets 405 with Allow', async (method) => {
    const res = await fetch(`${await serve(sampleStore())}/decisions.json`, { method, body: method === 'DELETE' ? undefined : '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 404 elsewhere, naming what there is', async () => {
    const res = await fetch(`${await serve(sampleStore())}/../etc/passwd`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('/decisions.json');
  });

  it('stops listening when closed', async () => {
    const url = await serve(sampleStore());
    await server!.close();
    server = undefined;
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
