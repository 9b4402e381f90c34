// Matrix 429s through the real matrix-bot-sdk client against a tiny homeserver stand-in: waited out, then retried.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadMatrixSdk } from '../../../bot/matrix/load-sdk.ts';
import { MatrixChat } from '../../../bot/matrix/chat.ts';
import { withRateLimitRetry } from '../../../bot/matrix/rate-limit.ts';
import { message, paragraph } from '../../../bot/contracts/message.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Answers each request with the next canned reply; records what came in. */
async function homeserver(replies: { status: number; body: unknown; headers?: Record<string, string> }[]) {
  const seen: { method: string; url: string; at: number }[] = [];
  server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, at: Date.now() });
    const next = replies.shift() ?? { status: 200, body: { event_id: '$late' } };
    const body = typeof next.body === 'string' ? next.body : JSON.stringify(next.body);
    res.writeHead(next.status, { 'content-type': typeof next.body === 'string' ? 'text/html' : 'application/json', ...next.headers }).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const { sdk } = loadMatrixSdk();
  const client = new sdk.MatrixClient(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`, 'token');
  return { seen, client, chat: new MatrixChat(client) };
}

describe('Matrix rate limits', () => {
  it('waits retry_after_ms and sends once the homeserver lets it, with the same transaction id', async () => {
    const { seen, chat } = await homeserver([
      { status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 300 } },
      { status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 200 } },
      { status: 200, body: { event_id: '$sent' } },
    ]);
    expect(await chat.sendNotice('!room:x', message(paragraph('hello')), 'fedimoot.txn.1')).toBe('$sent');
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.url)).size).toBe(1);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(280);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(180);
  });

  it('gives up on other errors at once', async () => {
    const { seen, chat } = await homeserver([{ status: 403, body: { errcode: 'M_FORBIDDEN', error: 'no' } }]);
    await expect(chat.sendNotice('!room:x', message(paragraph('hello')), 'fedimoot.txn.2')).rejects.toMatchObject({ statusCode: 403 });
    expect(seen).toHaveLength(1);
  });

  // Newer homeservers send only the Retry-After header; the SDK's error keeps no headers of its own.
  const limited = (retryAfter: string, body: unknown = { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests' }) => ({
    status: 429,
    body,
    headers: { 'retry-after': retryAfter },
  });

  async function waitsFor(reply: ReturnType<typeof limited>): Promise<number[]> {
    const { seen, client } = await homeserver([reply, { status: 200, body: { event_id: '$sent' } }]);
    const waits: number[] = [];
    const path = '/_matrix/client/v3/rooms/!room:x/send/m.room.message/t1';
    const sent = await withRateLimitRetry(() => client.doRequest('PUT', path, null, { body: 'hi' }), async (ms) => void waits.push(ms));
    expect(sent).toEqual({ event_id: '$sent' });
    expect(seen).toHaveLength(2);
    return waits;
  }

  it('waits the Retry-After seconds of a 429 that has no retry_after_ms', async () => {
    expect(await waitsFor(limited('7'))).toEqual([7000]);
  });

  it('waits until the Retry-After date of a 429', async () => {
    const [wait] = await waitsFor(limited(new Date(Date.now() + 20_000).toUTCString()));
    // An HTTP date has whole seconds.
    expect(wait).toBeGreaterThan(18_000);
    expect(wait).toBeLessThanOrEqual(20_000);
  });

  it('reads Retry-After of a 429 that is not Matrix JSON (a proxy page)', async () => {
    expect(await waitsFor(limited('3', '<html>slow down</html>'))).toEqual([3000]);
  });
});
