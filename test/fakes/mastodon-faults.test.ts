import { MastoHttpError, MastoTimeoutError, createRestAPIClient } from 'masto';
import { afterEach, describe, expect, it } from 'vitest';
import { type MastodonFake, type MastodonFakeOptions, startMastodonFake } from './mastodon/index.ts';

let fake: MastodonFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start(options: MastodonFakeOptions = {}) {
  fake = await startMastodonFake(options);
  return fake;
}

const get = (f: MastodonFake, path: string, token = f.tokens.admin) =>
  fetch(`${f.url}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

async function caught(p: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(p).then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('rate limits', () => {
  it('sends X-RateLimit-Limit/Remaining/Reset on every answer, errors included, with Ruby iso8601(6) reset', async () => {
    const f = await start({ now: () => Date.UTC(2025, 0, 1, 12, 1, 30) });
    const first = await get(f, '/api/v1/admin/domain_blocks');
    expect(first.headers.get('x-ratelimit-limit')).toBe('300');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('299');
    // Windows are aligned to multiples of the period since the epoch, as Rack::Attack counts them.
    expect(first.headers.get('x-ratelimit-reset')).toBe('2025-01-01T12:05:00.000000Z');
    const forbidden = await get(f, '/api/v1/admin/domain_blocks', f.tokens.moderator);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('x-ratelimit-remaining')).toBe('299');
    const anonymous = await get(f, '/api/v1/instance', undefined);
    expect(anonymous.headers.get('x-ratelimit-limit')).toBe('300');
  });

  it('answers 429 past the per-token budget; masto throws MastoHttpError with the response as cause', async () => {
    const f = await start({ rateLimit: { limit: 3, periodMs: 60_000 } });
    const masto = createRestAPIClient({ url: f.url, accessToken: f.tokens.admin });
    for (let i = 0; i < 3; i++) await masto.v1.admin.domainBlocks.list();
    const e = await caught(masto.v1.admin.domainBlocks.list());
    expect(e).toBeInstanceOf(MastoHttpError);
    const err = e as MastoHttpError;
    expect([err.statusCode, err.message]).toEqual([429, 'Too many requests']);
    const cause = err.cause as Response;
    expect(cause.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Date.parse(cause.headers.get('x-ratelimit-reset')!);
    expect(reset).toBeGreaterThan(f.clock.now());
    expect(reset - f.clock.now()).toBeLessThanOrEqual(60_000);

    // Another user's token has its own budget; advancing the clock past the reset restores ours.
    expect((await get(f, '/api/v1/admin/domain_blocks', f.tokens.owner)).status).toBe(200);
    f.clock.set(reset);
    expect(await masto.v1.admin.domainBlocks.list()).toEqual([]);
  });

  it('counts per user across that user\'s tokens', async () => {
    const f = await start({ rateLimit: { limit: 100, perUser: { limit: 2, periodMs: 60_000 } } });
    expect((await get(f, '/api/v1/admin/domain_blocks', f.tokens.admin)).status).toBe(200);
    const second = await get(f, '/api/v1/admin/domain_blocks', f.tokens.blocks);
    expect(second.headers.get('x-ratelimit-limit')).toBe('2');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await get(f, '/api/v1/admin/domain_blocks', f.tokens.noAdminScopes)).status).toBe(429);
  });

  it('counts paging requests (max_id, min_id, since_id) apart', async () => {
    const f = await start({ rateLimit: { paging: { limit: 1, periodMs: 900_000 } } });
    expect((await get(f, '/api/v1/admin/domain_blocks?max_id=5')).status).toBe(200);
    expect((await get(f, '/api/v1/admin/domain_blocks')).status).toBe(200);
    expect((await get(f, '/api/v1/admin/domain_blocks?max_id=4')).status).toBe(429);
  });

  it('rateLimit: false turns throttling and headers off', async () => {
    const f = await start({ rateLimit: false });
    expect((await get(f, '/api/v1/admin/domain_blocks')).headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe('fault injection, and what masto makes of each fault', () => {
  it('500: MastoHttpError with the JSON error', async () => {
    const f = await start();
    f.faults.next(1, '500');
    const e = await caught(createRestAPIClient({ url: f.url, accessToken: f.tokens.admin }).v1.admin.domainBlocks.list());
    expect(e).toBeInstanceOf(MastoHttpError);
    expect((e as MastoHttpError).statusCode).toBe(500);
  });

  it('502: an HTML page, which masto surfaces as a plain TypeError', async () => {
    const f = await start();
    f.faults.next(1, '502');
    const res = await get(f, '/api/v1/admin/domain_blocks');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('502 Bad Gateway');
    f.faults.next(1, '502');
    const e = await caught(createRestAPIClient({ url: f.url, accessToken: f.tokens.admin }).v1.admin.domainBlocks.list());
    expect(e).toBeInstanceOf(TypeError);
    expect(e).not.toBeInstanceOf(MastoHttpError);
  });

  it('429: throttled answer with headers, whatever the budget', async () => {
    const f = await start();
    f.faults.next(1, '429');
    const res = await get(f, '/api/v1/admin/domain_blocks');
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: 'Too many requests' });
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-ratelimit-reset')).toMatch(/Z$/);
  });

  it('drop: the socket closes without an answer; masto rethrows fetch\'s TypeError', async () => {
    const f = await start();
    f.faults.next(1, 'drop');
    const e = await caught(createRestAPIClient({ url: f.url, accessToken: f.tokens.admin }).v1.admin.domainBlocks.list());
    expect(e).toBeInstanceOf(TypeError);
    expect((e as TypeError).message).toBe('fetch failed');
    expect(f.requests.at(-1)).toMatchObject({ status: 0, fault: 'drop' });
  });

  it('slow: past masto\'s timeout it throws MastoTimeoutError; by default the write still happened', async () => {
    const f = await start({ slowMs: 2_000 });
    const masto = createRestAPIClient({ url: f.url, accessToken: f.tokens.admin, timeout: 200 });
    f.faults.next(1, 'slow', { method: 'POST' });
    const e = await caught(masto.v1.admin.domainBlocks.create({ domain: 'late.example' }));
    expect(e).toBeInstanceOf(MastoTimeoutError);
    expect(f.state.findBlock('late.example')).toBeDefined();

    f.faults.next(1, 'slow', { delayMs: 50 });
    expect(await masto.v1.admin.domainBlocks.list()).toHaveLength(1);
  });

  it('phase "before" loses the request; phase "after" loses only the answer', async () => {
    const f = await start();
    const masto = createRestAPIClient({ url: f.url, accessToken: f.tokens.admin });
    f.faults.next(1, 'drop', { phase: 'after' });
    await caught(masto.v1.admin.domainBlocks.create({ domain: 'applied.example' }));
    f.faults.next(1, 'drop');
    await caught(masto.v1.admin.domainBlocks.create({ domain: 'lost.example' }));
    expect(f.state.blocks.map((b) => b.domain)).toEqual(['applied.example']);
  });

  it('targets faults by method and path, in order, and counts them down', async () => {
    const f = await start();
    f.faults.next(2, '500', { method: 'POST', path: '/api/v1/admin/domain_blocks' });
    f.faults.add({ kind: '502', path: /^\/api\/v1\/admin\/domain_blocks\/\d+$/ });
    expect(f.faults.pending()).toBe(3);
    expect((await get(f, '/api/v1/admin/domain_blocks')).status).toBe(200);
    expect((await get(f, '/api/v1/admin/domain_blocks/1')).status).toBe(502);
    const post = () =>
      fetch(`${f.url}/api/v1/admin/domain_blocks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.tokens.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ domain: 'retry.example' }),
      });
    expect([(await post()).status, (await post()).status, (await post()).status]).toEqual([500, 500, 200]);
    expect(f.faults.pending()).toBe(0);
    f.faults.next(5, '500');
    f.faults.clear();
    expect((await get(f, '/api/v1/instance')).status).toBe(200);
  });

  it('logs every request with method, path, query, status, body and token name', async () => {
    const f = await start();
    await get(f, '/api/v1/admin/domain_blocks?limit=2&max_id=9');
    await fetch(`${f.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.tokens.admin}`, 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: JSON.stringify({ status: 'hello' }),
    });
    expect(f.requests).toEqual([
      { method: 'GET', path: '/api/v1/admin/domain_blocks', query: { limit: '2', max_id: '9' }, status: 200, body: {}, token: 'admin' },
      {
        method: 'POST',
        path: '/api/v1/statuses',
        query: {},
        status: 200,
        body: { status: 'hello' },
        token: 'admin',
        idempotencyKey: 'k1',
      },
    ]);
  });
});
