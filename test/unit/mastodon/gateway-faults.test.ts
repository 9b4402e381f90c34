// What the instance gateway does when the instance is slow, flaky or busy: the contract fake's fault injection and
// rate limits, with fake time.
import { describe, expect, it } from 'vitest';
import { InstanceError } from '../../../bot/mastodon/gateway.ts';
import { failure, setup, SUSPEND } from './gateway-fixture.ts';

describe('rate limits', () => {
  it('waits for X-RateLimit-Reset on a 429 it could not foresee, then succeeds', async () => {
    const { fake, gateway, slept } = await setup({ rateLimit: { limit: 300, periodMs: 300_000 } });
    // Another client on the same token has used the budget up: nothing in the last answer said so.
    fake.faults.next(1, '429');
    const before = fake.clock.now();
    const resetAt = (Math.floor(before / 300_000) + 1) * 300_000;
    expect(await gateway.listBlocks()).toEqual([]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(slept).toHaveLength(1);
    expect(before + slept[0]!).toBeGreaterThanOrEqual(resetAt);
    expect(before + slept[0]!).toBeLessThan(resetAt + 1_000);
  });

  it('paces reads like writes: 100 list reads under 30 requests a minute meet no 429', async () => {
    const { fake, gateway } = await setup({ rateLimit: { limit: 30, periodMs: 60_000 } });
    const started = fake.clock.now();
    for (let i = 0; i < 100; i++) await gateway.listBlocks();
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
    expect((fake.clock.now() - started) / 60_000).toBeLessThan(100 / 30 + 2);
  });

  it('paces the pages of a long list under the paging throttle, which only paging answers describe', async () => {
    const { fake, gateway } = await setup({ rateLimit: { limit: 1_000, periodMs: 300_000, paging: { limit: 10, periodMs: 900_000 } } });
    fake.state.seedBlocks(1_000);
    const started = fake.clock.now();
    // Six pages a read, five of them paging (max_id): 25 paging requests need three 15-minute windows.
    for (let i = 0; i < 5; i++) expect(await gateway.listBlocks()).toHaveLength(1_000);
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
    expect((fake.clock.now() - started) / 60_000).toBeGreaterThan(15);
  });

  it('gives up with a transient error when the instance keeps answering 429', async () => {
    const { fake, gateway, slept } = await setup();
    fake.faults.next(20, '429');
    const error = await failure(gateway.listBlocks());
    expect(error).toMatchObject({ kind: 'transient', status: 429, message: expect.stringContaining('rate limit is exhausted') });
    expect(slept).toHaveLength(5);
  });

  it('paces 400 writes under a small budget so that none meets a 429', async () => {
    const { fake, gateway, slept } = await setup({ rateLimit: { limit: 30, periodMs: 60_000 } });
    const started = fake.clock.now();
    for (let i = 0; i < 400; i++) await gateway.createBlock(`paced-${i}.example`, SUSPEND);
    expect(fake.state.blocks).toHaveLength(400);
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
    // 30 per minute: at least 13 windows are needed, and the pacing wastes at most a few.
    const minutes = (fake.clock.now() - started) / 60_000;
    expect(minutes).toBeGreaterThan(12);
    expect(minutes).toBeLessThan(400 / 30 + 4);
    expect(slept.length).toBeGreaterThan(0);
  });

  it('keeps the paging throttle to paging requests: a write after a long read does not wait for it', async () => {
    const { fake, gateway, slept } = await setup({ rateLimit: { limit: 300, periodMs: 300_000, paging: { limit: 3, periodMs: 900_000 } } });
    fake.state.seedBlocks(400);
    // Three pages, two of them paging: the paging throttle is down to its last request.
    await gateway.listBlocks();
    expect(fake.requests.at(-1)).toMatchObject({ query: { max_id: expect.any(String) }, status: 200 });
    await gateway.createBlock('right-away.example', SUSPEND);
    expect(slept).toEqual([]);
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
  });

  it('does not slow writes down while most of the budget is left', async () => {
    const { gateway, slept } = await setup({ rateLimit: { limit: 300, periodMs: 300_000 } });
    for (let i = 0; i < 100; i++) await gateway.createBlock(`quick-${i}.example`, SUSPEND);
    expect(slept).toEqual([]);
  });
});

describe('retries', () => {
  it.each([
    ['a JSON 500', '500'],
    ["a proxy's HTML 502 page", '502'],
    ['a dropped connection', 'drop'],
  ] as const)('retries after %s and succeeds, waiting longer each time', async (_name, kind) => {
    const { fake, gateway, slept } = await setup();
    fake.faults.next(2, kind, { method: 'POST' });
    expect((await gateway.createBlock('flaky.example', SUSPEND)).kind).toBe('created');
    expect(fake.state.blocks).toHaveLength(1);
    expect(slept).toHaveLength(2);
    expect(slept[1]!).toBeGreaterThan(slept[0]!);
  });

  it('retries an answer slower than the request timeout', async () => {
    const { fake, gateway } = await setup({ slowMs: 1_500 }, { timeoutMs: 200 });
    fake.faults.next(1, 'slow', { method: 'GET', phase: 'before' });
    expect(await gateway.listBlocks()).toEqual([]);
    expect(fake.requests.filter((r) => r.fault === 'slow')).toHaveLength(1);
  });

  it('a POST whose answer was lost finds its own block on the retry', async () => {
    const { fake, gateway } = await setup();
    fake.faults.next(1, 'drop', { method: 'POST', phase: 'after' });
    expect(await gateway.createBlock('lost.example', SUSPEND)).toMatchObject({ kind: 'exists', existing: { domain: 'lost.example' } });
    expect(fake.state.blocks).toHaveLength(1);
  });

  it('gives up after five attempts with a transient error naming the last failure', async () => {
    const { fake, gateway, slept } = await setup();
    fake.faults.next(10, '502');
    const error = await failure(gateway.listBlocks());
    expect(error).toBeInstanceOf(InstanceError);
    expect(error).toMatchObject({ kind: 'transient', status: 502 });
    expect(error.message).toBe('GET /api/v1/admin/domain_blocks failed 5 times; last: 502 (an HTML error page)');
    // Capped exponential backoff with jitter (random() = 0.5 gives three quarters of each step).
    expect(slept).toEqual([375, 750, 1_500, 3_000]);
  });

  it('a timeout used up is transient too, and says so', async () => {
    const { fake, gateway } = await setup({ slowMs: 1_000 }, { timeoutMs: 100 });
    fake.faults.next(5, 'slow', { phase: 'before' });
    expect(await failure(gateway.listBlocks())).toMatchObject({ kind: 'transient', message: expect.stringContaining('no answer before the request timeout') });
  });
});

describe('secrets', () => {
  it('never puts the token into an error, whatever the error carries', async () => {
    const secret = 'sekret-token-5f1d2c';
    const { fake, gateway } = await setup({ tokens: { leaky: { scopes: ['read', 'write'], role: 'user', username: 'leaky', token: secret } } }, { token: 'leaky' });
    const messages: string[] = [];
    messages.push((await failure(gateway.createBlock('x.example', SUSPEND))).message);
    // An id that happens to carry the token, echoed back in the message.
    messages.push((await failure(gateway.updateBlock(secret, SUSPEND))).message);
    fake.faults.next(5, 'drop');
    messages.push((await failure(gateway.listBlocks())).message);
    for (const message of messages) expect(message).not.toContain(secret);
    expect(messages[1]).toContain('[token]');
  });
});
