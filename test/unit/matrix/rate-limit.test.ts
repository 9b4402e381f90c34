// Matrix 429s through the real matrix-bot-sdk client against a tiny homeserver stand-in: waited out, then retried.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadMatrixSdk } from '../../../bot/matrix/load-sdk.ts';
import { MatrixChat } from '../../../bot/matrix/chat.ts';
import { withRateLimitRetry } from '../../../bot/matrix/rate-limit.ts';
import { message, paragraph } from '../../../commands/chat/message.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Answers each request with the next canned reply; records what came in. */
async function homeserver(replies: { status: number; body: unknown; headers?: Record<string, string> }[]) {
  const seen: { method: string; url: string; at: number }[] = [];
  server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, at: Date.now() });
    const next = replies.shift() ?? { status: 200, body: { event_id: '$late' } };
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers }).end(JSON.stringify(next.body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const { sdk } = loadMatrixSdk();
  const client = new sdk.MatrixClient(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`, 'token');
  return { seen, chat: new MatrixChat(client) };
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

  it('reads Retry-After in seconds when there is no retry_after_ms', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRateLimitRetry(async () => {
      if (calls++ === 0) throw Object.assign(new Error('429'), { statusCode: 429, headers: { 'retry-after': '2' } });
      return 'ok';
    }, async (ms) => void waits.push(ms));
    expect(result).toBe('ok');
    expect(waits).toEqual([2000]);
  });
});
