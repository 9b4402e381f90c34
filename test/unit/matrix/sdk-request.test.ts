// matrix-bot-sdk's HTTP calls on the bot's own client (node:http): what the SDK passes (lib/http.js) arrives, and what it reads comes back.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doHttpRequest } from 'matrix-bot-sdk/lib/http.js';
import { setRequestFn } from 'matrix-bot-sdk/lib/request.js';
import { sdkRequest, type AnswerBody, type RequestParams, type RequestResponse } from '../../../bot/matrix/sdk-request.ts';

let server: Server;
let base: string;
const seen: { url?: string; method?: string; body?: string; type?: string } = {};

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      Object.assign(seen, { url: req.url, method: req.method, body, type: req.headers['content-type'] });
      if (req.url?.startsWith('/slow')) return void setTimeout(() => res.end('{}'), 2000);
      if (req.url?.startsWith('/text')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('{"not":"json"}');
      if (req.url?.startsWith('/broken')) return void res.writeHead(502, { 'content-type': 'application/json' }).end('<html>Bad gateway</html>');
      if (req.url?.startsWith('/unknown')) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"errcode":"M_NOT_FOUND","error":"no such room"}');
      res.writeHead(req.url?.startsWith('/limited') ? 429 : 200, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = (params: RequestParams) =>
  new Promise<{ error: Error | null; res: RequestResponse; body: AnswerBody }>((resolve) => sdkRequest(params, (error, res, body) => resolve({ error, res, body })));

describe('sdkRequest', () => {
  it('sends the method, query (arrays repeated, undefined left out), headers and body', async () => {
    const { error, res, body } = await call({
      uri: `${base}/_matrix/client/v3/rooms/x/send`, method: 'PUT', qs: { a: ['1', '2'], b: 3, c: undefined },
      headers: { 'Content-Type': 'application/json' }, body: '{"k":1}',
    });
    expect(error).toBeNull();
    expect(seen).toEqual({ url: '/_matrix/client/v3/rooms/x/send?a=1&a=2&b=3', method: 'PUT', body: '{"k":1}', type: 'application/json' });
    expect(res.statusCode).toBe(200);
    expect(body).toEqual({ ok: true });
    // One parse, one object in both places: the SDK parses only strings (lib/http.js).
    expect(res.body).toBe(body);
  });

  it('hands JSON over parsed once, anything else (or JSON that does not parse) as text', async () => {
    expect((await call({ uri: `${base}/text`, method: 'GET' })).body).toBe('{"not":"json"}');
    expect((await call({ uri: `${base}/broken`, method: 'GET' })).body).toBe('<html>Bad gateway</html>');
  });

  it('through the SDK: answers arrive as objects, and a Matrix error as the SDK\'s MatrixError', async () => {
    setRequestFn(sdkRequest);
    await expect(doHttpRequest(base, 'GET', '/_matrix/client/v3/x')).resolves.toEqual({ ok: true });
    await expect(doHttpRequest(base, 'GET', '/unknown')).rejects.toMatchObject({ errcode: 'M_NOT_FOUND', statusCode: 404 });
    // As before: the SDK tries a string as JSON whatever its content type.
    await expect(doHttpRequest(base, 'GET', '/text')).resolves.toEqual({ not: 'json' });
  });

  it('gives a Buffer for encoding null, and the status and lower-case headers of an error response', async () => {
    const media = await call({ uri: `${base}/media`, method: 'GET', encoding: null });
    expect(Buffer.isBuffer(media.body)).toBe(true);
    const limited = await call({ uri: `${base}/limited`, method: 'GET' });
    expect(limited.res.statusCode).toBe(429);
    expect(limited.res.headers['retry-after']).toBe('3');
  });

  it('names what failed: a refused connection, a timeout', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await call({ uri: `http://127.0.0.1:${port}/x`, method: 'GET' });
    expect(refused.error?.message).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
    const slow = await call({ uri: `${base}/slow`, method: 'GET', timeout: 200 });
    expect(slow.error?.message).toBe('ETIMEDOUT: no answer to GET within 200 ms');
  });
});
