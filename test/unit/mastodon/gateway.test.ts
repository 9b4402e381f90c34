// The instance gateway against the Mastodon contract fake: every fault the issue names, with fake time.
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startMastodonFake, type MastodonFake, type MastodonFakeOptions } from '../../fakes/mastodon/index.ts';
import { createInstanceGateway } from '../../../bot/mastodon/index.ts';
import { InstanceError, type BlockSettings, type InstanceGateway } from '../../../bot/mastodon/gateway.ts';
import type { MastodonConfig } from '../../../bot/config/types.ts';

const SUSPEND: BlockSettings = { severity: 'suspend', rejectMedia: false, rejectReports: false, obfuscate: false, publicComment: 'spam' };
const LIMIT: BlockSettings = { ...SUSPEND, severity: 'silence' };

let fake: MastodonFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

interface Setup {
  fake: MastodonFake;
  gateway: InstanceGateway;
  slept: number[];
}

async function setup(options: MastodonFakeOptions = {}, token = 'admin', timeoutMs = 2_000): Promise<Setup> {
  fake = await startMastodonFake({ rateLimit: false, ...options });
  const f = fake;
  const slept: number[] = [];
  const config: MastodonConfig = {
    url: f.url,
    accessToken: f.tokens[token] ?? token,
    flavor: 'auto',
    dryRun: false,
    requestTimeout: timeoutMs,
    announce: { enabled: false, visibility: 'public' },
  };
  const gateway = createInstanceGateway(config, pino({ level: 'silent' }), {
    now: () => f.clock.now(),
    // Waiting moves the fake's clock instead of the test's: a reset minutes away costs nothing.
    sleep: async (ms) => {
      slept.push(ms);
      f.clock.advance(ms);
    },
    random: () => 0.5,
  });
  return { fake: f, gateway, slept };
}

describe('instance gateway on Mastodon (contract fake)', () => {
  it('detects Mastodon and reads every page of a long block list', async () => {
    const { fake, gateway } = await setup();
    fake.state.seedBlocks(450);
    expect(await gateway.flavor()).toBe('mastodon');
    expect(await gateway.suspendOnly()).toBe(false);
    const blocks = await gateway.listBlocks();
    expect(blocks).toHaveLength(450);
    expect(new Set(blocks.map((b) => b.id)).size).toBe(450);
    expect(fake.requests.filter((r) => r.path === '/api/v1/admin/domain_blocks').length).toBe(3);
  });

  it('creates, updates and deletes a block; a second delete is not_found', async () => {
    const { fake, gateway } = await setup();
    const created = await gateway.createBlock('threads.net', LIMIT);
    expect(created.kind).toBe('created');
    const id = created.kind === 'created' ? created.block.id : '';
    expect(fake.state.findBlock('threads.net')).toMatchObject({ severity: 'silence', public_comment: 'spam' });
    const updated = await gateway.updateBlock(id, { ...SUSPEND, rejectMedia: true });
    expect(updated).toMatchObject({ id, domain: 'threads.net', severity: 'suspend', rejectMedia: true });
    expect(await gateway.deleteBlock(id)).toBe('deleted');
    expect(fake.state.findBlock('threads.net')).toBeUndefined();
    expect(await gateway.deleteBlock(id)).toBe('not_found');
  });

  it('answers a duplicate, and a domain under a parent at least as strict, with the existing block', async () => {
    const { fake, gateway } = await setup();
    fake.state.addBlock({ domain: 'example.com', severity: 'suspend' });
    const same = await gateway.createBlock('example.com', LIMIT);
    expect(same).toMatchObject({ kind: 'exists', existing: { domain: 'example.com', severity: 'suspend' } });
    const child = await gateway.createBlock('a.example.com', LIMIT);
    expect(child).toMatchObject({ kind: 'exists', existing: { domain: 'example.com' } });
  });

  it('accepts a stricter subdomain under a looser parent', async () => {
    const { fake, gateway } = await setup();
    fake.state.addBlock({ domain: 'example.org', severity: 'silence' });
    expect((await gateway.createBlock('bad.example.org', SUSPEND)).kind).toBe('created');
  });

  it('waits for X-RateLimit-Reset on a 429 and then succeeds', async () => {
    const { fake, gateway, slept } = await setup({ rateLimit: { limit: 3, periodMs: 300_000 } });
    for (let i = 0; i < 3; i++) await gateway.listBlocks();
    const blocks = await gateway.listBlocks();
    expect(blocks).toEqual([]);
    expect(fake.requests.some((r) => r.status === 429)).toBe(true);
    expect(Math.max(...slept)).toBeGreaterThan(1_000);
    expect(Math.max(...slept)).toBeLessThanOrEqual(300_000 + 50);
  });

  it('paces writes by X-RateLimit-Remaining so a long run never meets a 429', async () => {
    const { fake, gateway } = await setup({ rateLimit: { limit: 20, periodMs: 60_000 } });
    for (let i = 0; i < 60; i++) await gateway.createBlock(`paced-${i}.example`, SUSPEND);
    expect(fake.state.blocks).toHaveLength(60);
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
  });

  it.each([
    ['a JSON 500', '500'],
    ["a proxy's HTML 502 page", '502'],
    ['a dropped connection', 'drop'],
  ] as const)('retries after %s and succeeds', async (_name, kind) => {
    const { fake, gateway, slept } = await setup();
    fake.faults.next(2, kind, { method: 'POST' });
    expect((await gateway.createBlock('flaky.example', SUSPEND)).kind).toBe('created');
    expect(fake.state.blocks).toHaveLength(1);
    expect(slept).toHaveLength(2);
    expect(slept[1]!).toBeGreaterThan(slept[0]!);
  });

  it('retries an answer slower than the request timeout', async () => {
    const { fake, gateway } = await setup({ slowMs: 600 }, 'admin', 200);
    fake.faults.next(1, 'slow', { method: 'GET', phase: 'before' });
    expect(await gateway.listBlocks()).toEqual([]);
  });

  it('gives up after the attempts with a transient error naming the failure', async () => {
    const { fake, gateway } = await setup();
    fake.faults.next(10, '502');
    const error = await gateway.listBlocks().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstanceError);
    expect(error).toMatchObject({ kind: 'transient', status: 502 });
    expect((error as Error).message).toMatch(/answered 502 \(an HTML error page\) \(5 attempts\)/);
  });

  it('treats a refusal as permanent, with the server\'s words and never the token', async () => {
    const { fake, gateway } = await setup({}, 'moderator');
    const error = await gateway.createBlock('nope.example', SUSPEND).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'permanent', status: 403 });
    expect((error as Error).message).toContain('This action is not allowed');
    expect((error as Error).message).not.toContain(fake.tokens.moderator);
  });

  it('reads impact figures from admin measures, with subdomains and explicit dates', async () => {
    const { fake, gateway } = await setup();
    fake.state.measures.set('threads.net', { follows: 12, followers: 30, accounts: 400, reports: 2, media_attachments: 5_000_000 });
    expect(await gateway.impact('threads.net')).toEqual({ follows: 12, followers: 30, accounts: 400, reports: 2, mediaBytes: 5_000_000 });
    const request = fake.requests.find((r) => r.path === '/api/v1/admin/measures')!;
    expect(request.body).toMatchObject({ start_at: expect.any(String), end_at: expect.any(String), instance_follows: { domain: 'threads.net', include_subdomains: true } });
  });

  it('says impact is unavailable when measures are refused', async () => {
    const { gateway } = await setup({}, 'noAdminScopes');
    expect(await gateway.impact('threads.net')).toBeUndefined();
  });

  it('posts a status once for one idempotency key', async () => {
    const { fake, gateway } = await setup();
    const first = await gateway.postStatus('hello @alice', { visibility: 'direct', idempotencyKey: 'k1' });
    const again = await gateway.postStatus('hello @alice', { visibility: 'direct', idempotencyKey: 'k1' });
    expect(again).toBe(first);
    expect(fake.state.statuses).toHaveLength(1);
  });
});
