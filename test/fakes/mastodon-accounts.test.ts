import { MastoHttpError, createRestAPIClient } from 'masto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MastodonFake, startMastodonFake } from './mastodon/index.ts';

let fake: MastodonFake;
beforeEach(async () => {
  fake = await startMastodonFake({ rateLimit: false, domain: 'town.example' });
});
afterEach(() => fake.stop());

const masto = (token = fake.tokens.admin) => createRestAPIClient({ url: fake.url, accessToken: token });

async function httpError(p: PromiseLike<unknown>): Promise<MastoHttpError> {
  const e = await Promise.resolve(p).then(
    () => expect.unreachable('expected a rejection'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MastoHttpError);
  return e as MastoHttpError;
}

describe('instance and credentials', () => {
  it('serves /api/v1/instance and /api/v2/instance like Mastodon 4.3, without a token', async () => {
    const anonymous = createRestAPIClient({ url: fake.url });
    const v1 = await anonymous.v1.instance.fetch();
    expect(v1).toMatchObject({ uri: 'town.example', version: '4.3.2', title: 'Fake Social' });
    const v2 = await anonymous.v2.instance.fetch();
    expect(v2).toMatchObject({ domain: 'town.example', version: '4.3.2', apiVersions: { mastodon: 2 } });
    expect(v2.configuration.statuses.maxCharacters).toBe(500);
  });

  it('publishes silence/suspend blocks at /api/v1/instance/domain_blocks, obfuscated where asked', async () => {
    fake.state.addBlock({ domain: 'zeta.example', severity: 'suspend', public_comment: 'spam' });
    fake.state.addBlock({ domain: 'hidden.example', severity: 'silence', obfuscate: true });
    fake.state.addBlock({ domain: 'quiet.example', severity: 'noop' });
    const res = await fetch(`${fake.url}/api/v1/instance/domain_blocks`);
    expect(await res.json()).toEqual([
      { domain: 'hidd**.****ple', digest: fake.state.findBlock('hidden.example')!.digest, severity: 'silence', comment: null },
      { domain: 'zeta.example', digest: expect.any(String), severity: 'suspend', comment: 'spam' },
    ]);
    const closed = await startMastodonFake({ showDomainBlocks: 'users' });
    try {
      expect((await fetch(`${closed.url}/api/v1/instance/domain_blocks`)).status).toBe(404);
      const signedIn = await fetch(`${closed.url}/api/v1/instance/domain_blocks`, {
        headers: { authorization: `Bearer ${closed.tokens.user}` },
      });
      expect(signedIn.status).toBe(200);
    } finally {
      await closed.stop();
    }
  });

  it('verify_credentials returns the account with its role and permission bitmask', async () => {
    const me = await masto().v1.accounts.verifyCredentials();
    expect(me).toMatchObject({ username: 'admin', acct: 'admin', role: { name: 'Admin' } });
    const bits = Number(me.role?.permissions);
    expect(bits & 0x20).toBe(0x20); // Manage Federation
    expect(bits & 0x8).toBe(0x8); // View Dashboard
    const mod = await masto(fake.tokens.moderator).v1.accounts.verifyCredentials();
    expect(Number(mod.role?.permissions) & 0x20).toBe(0);
    expect(Number(mod.role?.permissions) & 0x8).toBe(0x8);
  });
});

describe('accounts, for linking and verification', () => {
  it('looks up local and remote accounts by acct; unknown → 404', async () => {
    const created = '2024-03-05T10:11:12.000Z';
    const bob = fake.state.addAccount({ username: 'Bob', created_at: created });
    fake.state.addAccount({ username: 'carol', domain: 'remote.example' });
    const client = createRestAPIClient({ url: fake.url });
    expect(await client.v1.accounts.lookup({ acct: 'bob' })).toMatchObject({ id: bob.id, acct: 'Bob' });
    expect((await client.v1.accounts.lookup({ acct: '@bob@town.example' })).id).toBe(bob.id);
    expect((await client.v1.accounts.lookup({ acct: 'carol@remote.example' })).acct).toBe('carol@remote.example');
    // The public entity rounds created_at to midnight.
    expect((await client.v1.accounts.lookup({ acct: 'bob' })).createdAt).toBe('2024-03-05T00:00:00.000Z');
    const e = await httpError(client.v1.accounts.lookup({ acct: 'nobody' }));
    expect([e.statusCode, e.message]).toEqual([404, 'Record not found']);
  });

  it('shows the admin view of an account (exact created_at, suspended, disabled, confirmed)', async () => {
    const dora = fake.state.addAccount({
      username: 'dora',
      created_at: '2023-01-02T03:04:05.678Z',
      disabled: true,
      confirmed: false,
      suspended: true,
    });
    const view = await masto().v1.admin.accounts.$select(dora.id).fetch();
    expect(view).toMatchObject({
      id: dora.id,
      username: 'dora',
      domain: null,
      createdAt: '2023-01-02T03:04:05.678Z',
      suspended: true,
      disabled: true,
      confirmed: false,
      account: { acct: 'dora', suspended: true },
    });
    const lookedUp = await createRestAPIClient({ url: fake.url }).v1.accounts.lookup({ acct: 'dora' });
    expect(lookedUp.suspended).toBe(true);
    const user = await httpError(masto(fake.tokens.user).v1.admin.accounts.$select(dora.id).fetch());
    expect(user.statusCode).toBe(403);
    expect((await httpError(masto().v1.admin.accounts.$select('9999').fetch())).statusCode).toBe(404);
  });
});

describe('statuses', () => {
  it('posts with visibility, records it in state, and parses mentions', async () => {
    const status = await masto().v1.statuses.create({ status: 'Your code: 1234 @alice', visibility: 'direct' });
    expect(status).toMatchObject({ visibility: 'direct', content: '<p>Your code: 1234 @alice</p>' });
    expect(status.mentions.map((m) => m.acct)).toEqual(['alice']);
    expect(fake.state.statuses).toEqual([
      expect.objectContaining({ id: status.id, text: 'Your code: 1234 @alice', visibility: 'direct', mentions: ['alice'] }),
    ]);
  });

  it('the same Idempotency-Key from the same user returns the same status without posting again', async () => {
    const post = (key: string, token = fake.tokens.admin) =>
      masto(token).v1.statuses.create(
        { status: `decision ${key}` },
        { requestInit: { headers: { 'Idempotency-Key': key } } },
      );
    const a = await post('k-1');
    const b = await post('k-1');
    expect(b.id).toBe(a.id);
    expect(fake.state.statuses).toHaveLength(1);
    // Another token of the same user shares the key; another user does not.
    expect((await post('k-1', fake.tokens.blocks)).id).toBe(a.id);
    expect((await post('k-1', fake.tokens.user)).id).not.toBe(a.id);
    expect((await post('k-2')).id).not.toBe(a.id);
    expect(fake.state.statuses).toHaveLength(3);
  });

  it('validates text and visibility, and needs a token with write scope', async () => {
    const empty = await httpError(masto().v1.statuses.create({ status: ' ' }));
    expect([empty.statusCode, empty.message]).toEqual([422, "Validation failed: Text can't be blank"]);
    const long = await httpError(masto().v1.statuses.create({ status: 'x'.repeat(501) }));
    expect(long.message).toBe('Validation failed: Text character limit of 500 exceeded');
    const vis = await httpError(masto().v1.statuses.create({ status: 'x', visibility: 'loud' as 'public' }));
    expect(vis.statusCode).toBe(422);
    const anon = await httpError(createRestAPIClient({ url: fake.url }).v1.statuses.create({ status: 'x' }));
    expect([anon.statusCode, anon.message]).toEqual([401, 'The access token is invalid']);
    fake.addToken('reader', { scopes: ['read'], role: 'admin', username: 'admin' });
    const reader = await httpError(masto(fake.tokens.reader).v1.statuses.create({ status: 'x' }));
    expect([reader.statusCode, reader.message]).toEqual([403, 'This action is outside the authorized scopes']);
  });
});

describe('measures', () => {
  const body = (domain: string, extra: Record<string, unknown> = {}) => ({
    keys: ['instance_accounts', 'instance_follows', 'instance_followers', 'instance_media_attachments'] as const,
    startAt: '2025-01-01T00:00:00Z',
    endAt: '2025-01-03T00:00:00Z',
    instanceAccounts: { domain, ...extra },
    instanceFollows: { domain, ...extra },
    instanceFollowers: { domain, ...extra },
    instanceMediaAttachments: { domain, ...extra },
  });

  beforeEach(() => {
    fake.state.setMeasures('threads.net', {
      accounts: 120,
      follows: 40,
      followers: 7,
      media_attachments: 1_572_864,
      daily: { follows: { '2025-01-02': 3 } },
    });
    fake.state.setMeasures('eu.threads.net', { accounts: 5, follows: 2 });
  });

  it('answers totals and daily data as strings, without previous_total for instance_* keys', async () => {
    const measures = await masto().v1.admin.measures.create(body('threads.net'));
    expect(measures.map((m) => [m.key, m.total])).toEqual([
      ['instance_accounts', '120'],
      ['instance_follows', '40'],
      ['instance_followers', '7'],
      ['instance_media_attachments', '1572864'],
    ]);
    const follows = measures[1]!;
    expect(follows.unit).toBeNull();
    expect(follows.previousTotal).toBeUndefined();
    expect(follows.data).toEqual([
      { date: '2025-01-01T00:00:00.000+00:00', value: '0' },
      { date: '2025-01-02T00:00:00.000+00:00', value: '3' },
      { date: '2025-01-03T00:00:00.000+00:00', value: '0' },
    ]);
    expect(measures[3]).toMatchObject({ unit: 'bytes', humanValue: '1.5 MB' });
  });

  it('includes subdomains when asked, and matches the domain exactly as given (no normalisation)', async () => {
    const withSubs = await masto().v1.admin.measures.create(body('threads.net', { includeSubdomains: true }) as never);
    expect(withSubs[0]!.total).toBe('125');
    expect((await masto().v1.admin.measures.create(body('Threads.NET')))[0]!.total).toBe('0');
  });

  it('400 when a requested instance_* key has no params; data is empty without start_at/end_at', async () => {
    const res = await fetch(`${fake.url}/api/v1/admin/measures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ keys: ['instance_accounts'] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'param is missing or the value is empty: instance_accounts' });
    const noDates = await fetch(`${fake.url}/api/v1/admin/measures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ keys: ['instance_accounts', 'no_such_key'], instance_accounts: { domain: 'threads.net' } }),
    });
    expect(await noDates.json()).toEqual([{ key: 'instance_accounts', unit: null, total: '120', data: [] }]);
  });

  it('needs admin:read and View Dashboard', async () => {
    const scoped = await httpError(masto(fake.tokens.noAdminScopes).v1.admin.measures.create(body('threads.net')));
    expect(scoped.statusCode).toBe(403);
    fake.addToken('plain', { scopes: ['admin:read'], role: 'user' });
    const plain = await httpError(masto(fake.tokens.plain).v1.admin.measures.create(body('threads.net')));
    expect([plain.statusCode, plain.message]).toEqual([403, 'This action is not allowed']);
    expect(await masto(fake.tokens.moderator).v1.admin.measures.create(body('threads.net'))).toHaveLength(4);
  });
});
