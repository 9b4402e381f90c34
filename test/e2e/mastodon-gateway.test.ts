// The instance gateway against a real GoToSocial: what the bot sees through it where GoToSocial differs from Mastodon
// (flavor, every block a suspend, 200 on a duplicate, Unicode domains, no measures).
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { describe, expect, inject, it } from 'vitest';
import { createInstanceGateway } from '../../bot/mastodon/index.ts';
import type { BlockSettings } from '../../governance/blocks.ts';
import type { MastodonConfig } from '../../bot/config/types.ts';

const gts = inject('gotosocial');
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
let seq = 0;
const unique = (name: string): string => `${name}-${Date.now().toString(36)}-${seq++}`;

const config = (accessToken = gts.adminToken): MastodonConfig => ({
  url: gts.url,
  accessToken,
  flavor: 'auto',
  dryRun: false,
  requestTimeout: 15_000,
  announce: { enabled: false, visibility: 'public' },
});
const gateway = createInstanceGateway(config(), pino({ level: 'silent' }));
const SUSPEND: BlockSettings = { severity: 'suspend', rejectMedia: false, rejectReports: false, obfuscate: false, publicComment: 'decided by vote' };

async function asUser(token: string, path: string): Promise<unknown> {
  const res = await fetch(`${gts.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return res.json();
}

describe('instance gateway on GoToSocial', () => {
  it('detects GoToSocial: it can only suspend', async () => {
    expect(await gateway.flavor()).toBe('gotosocial');
    expect(await gateway.suspendOnly()).toBe(true);
  });

  it('creates, lists, changes the comments of and removes a block', async () => {
    const domain = `${unique('cycle')}.example`;
    const created = await gateway.createBlock(domain, { ...SUSPEND, privateComment: 'proposal 1' });
    expect(created.kind).toBe('created');
    const block = created.kind === 'created' ? created.block : undefined;
    expect(block).toMatchObject({ id: expect.stringMatching(ULID), domain, severity: 'suspend', rejectMedia: false, rejectReports: false, publicComment: 'decided by vote', privateComment: 'proposal 1', obfuscate: false });

    expect((await gateway.listBlocks()).find((b) => b.domain === domain)).toEqual(block);

    const updated = await gateway.updateBlock(block!.id, { ...SUSPEND, publicComment: 'lifted on appeal?', obfuscate: true });
    expect(updated).toMatchObject({ id: block!.id, domain, publicComment: 'lifted on appeal?', obfuscate: true, severity: 'suspend' });
    // An absent comment is cleared, as Mastodon's PUT would.
    expect(updated.privateComment).toBeUndefined();

    expect(await gateway.deleteBlock(block!.id)).toBe('deleted');
    expect((await gateway.listBlocks()).some((b) => b.id === block!.id)).toBe(false);
    expect(await gateway.deleteBlock(block!.id)).toBe('not_found');
  });

  it('answers a duplicate with the existing block, even right after the first', async () => {
    const domain = `${unique('dup')}.example`;
    const first = await gateway.createBlock(domain, SUSPEND);
    const again = await gateway.createBlock(domain, { ...SUSPEND, publicComment: 'second' });
    expect(first.kind).toBe('created');
    expect(again).toEqual({ kind: 'exists', existing: first.kind === 'created' ? first.block : undefined });
    expect((await gateway.listBlocks()).filter((b) => b.domain === domain)).toHaveLength(1);
  });

  it('parallel creations of one domain leave one block in effect, named by every answer, whatever GoToSocial answers meanwhile (409 included)', async () => {
    // Two gateways, as two processes would be: each one runs its own creations of a domain one after the other.
    // GoToSocial has no unique key on a block's domain, so two creations at the same moment can both insert; the copies
    // act as one, since GoToSocial removes a block by its domain.
    const other = createInstanceGateway(config(), pino({ level: 'silent' }));
    const domain = `${unique('parallel')}.example`;
    const [mine, theirs] = await Promise.all(
      [gateway, other].map((g) => Promise.all(Array.from({ length: 4 }, () => g.createBlock(domain, SUSPEND)))),
    );
    const ids = new Set([...mine!, ...theirs!].map((r) => (r.kind === 'created' ? r.block.id : r.existing.id)));
    expect(mine!.filter((r) => r.kind === 'created').length).toBeLessThanOrEqual(1);
    expect(theirs!.filter((r) => r.kind === 'created').length).toBeLessThanOrEqual(1);
    const onServer = (await gateway.listBlocks()).filter((b) => b.domain === domain).map((b) => b.id);
    // Every answer names a block that is there, and a gateway's later calls find it existing.
    expect(onServer).toEqual(expect.arrayContaining([...ids]));
    for (const later of [...mine!.slice(1), ...theirs!.slice(1)]) expect(later.kind).toBe('exists');

    // Lifting through any answer's id lifts the domain: no copy is left behind.
    expect(await gateway.deleteBlock([...ids][0]!)).toBe('deleted');
    expect((await gateway.listBlocks()).filter((b) => b.domain === domain)).toEqual([]);
  });

  it('gives a Unicode domain in punycode, and knows it again in either form', async () => {
    const label = unique('münchen');
    const ascii = `${new URL(`http://${label}.example`).hostname}`;
    expect(ascii).toMatch(/^xn--/);
    const created = await gateway.createBlock(`${label}.example`, SUSPEND);
    expect(created).toMatchObject({ kind: 'created', block: { domain: ascii } });
    expect((await gateway.listBlocks()).filter((b) => b.domain === ascii)).toHaveLength(1);
    expect(await gateway.createBlock(ascii, SUSPEND)).toMatchObject({ kind: 'exists', existing: { domain: ascii } });
  });

  it('an unknown id is not_found', async () => {
    expect(await gateway.deleteBlock('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe('not_found');
  });

  it('has no impact figures', async () => {
    expect(await gateway.impact('threads.net')).toBeUndefined();
  });

  it('refuses a token without admin rights with the server\'s words', async () => {
    const plain = createInstanceGateway(config(gts.users.alice.token), pino({ level: 'silent' }));
    await expect(plain.listBlocks()).rejects.toMatchObject({
      kind: 'permanent',
      status: 403,
      message: expect.stringMatching(/^reading the domain blocks: the instance answered 403 Forbidden: user \w+ not an admin$/),
    });
  });

  it('looks up alice, local, and reads her admin view', async () => {
    const { alice } = gts.users;
    const found = await gateway.lookupAccount('alice');
    expect(found).toMatchObject({ id: alice.accountId, acct: 'alice', username: 'alice', local: true, createdAt: expect.any(String) });
    expect(await gateway.lookupAccount(`@alice@${gts.host}`)).toMatchObject({ id: alice.accountId, local: true });
    expect(await gateway.lookupAccount(unique('nobody'))).toBeUndefined();

    const admin = await gateway.adminAccount(alice.accountId);
    expect(admin).toEqual({ id: alice.accountId, acct: 'alice', username: 'alice', local: true, createdAt: found!.createdAt, suspended: false, disabled: false });
    expect(Date.parse(admin!.createdAt)).toBeLessThanOrEqual(Date.now());
    expect(await gateway.adminAccount('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBeUndefined();
  });

  it('posts a direct status that reaches alice', async () => {
    const { alice } = gts.users;
    const code = unique('code');
    const id = await gateway.postStatus(`@alice your fedimoot code is ${code}`, { visibility: 'direct', idempotencyKey: unique('key') });
    expect(id).toMatch(ULID);
    type Notification = { type: string; status?: { id: string; content: string; visibility: string } };
    let mention: Notification | undefined;
    for (let i = 0; i < 100 && !mention; i++) {
      const list = (await asUser(alice.token, '/api/v1/notifications?types[]=mention')) as Notification[];
      mention = list.find((n) => n.status?.id === id);
      if (!mention) await sleep(100);
    }
    expect(mention?.status).toMatchObject({ visibility: 'direct', content: expect.stringContaining(code) });
  });

  it('GoToSocial ignores Idempotency-Key: a resend with the same key posts a second status', async () => {
    const key = unique('same-key');
    const first = await gateway.postStatus(`idempotency check ${key}`, { visibility: 'private', idempotencyKey: key });
    const again = await gateway.postStatus(`idempotency check ${key}`, { visibility: 'private', idempotencyKey: key });
    expect(again).not.toBe(first);
  });
});
