// Impact figures, accounts and statuses through the instance gateway, against the Mastodon contract fake.
import { describe, expect, it } from 'vitest';
import { failure, setup } from './gateway-fixture.ts';

describe('impact', () => {
  it('reads the five instance_* figures, parsed from strings, with subdomains and explicit dates', async () => {
    const { fake, gateway } = await setup();
    fake.state.setMeasures('threads.net', { follows: 12, followers: 30, accounts: 400, reports: 2, media_attachments: 5_000_000 });
    fake.state.setMeasures('eu.threads.net', { follows: 1 });
    expect(await gateway.impact('threads.net')).toEqual({ follows: 13, followers: 30, accounts: 400, reports: 2, mediaBytes: 5_000_000 });
    const request = fake.requests.find((r) => r.path === '/api/v1/admin/measures')!;
    const today = new Date(fake.clock.now()).toISOString().slice(0, 10);
    expect(request.body).toMatchObject({
      keys: ['instance_follows', 'instance_followers', 'instance_accounts', 'instance_reports', 'instance_media_attachments'],
      start_at: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      end_at: today,
      instance_follows: { domain: 'threads.net', include_subdomains: true },
      instance_media_attachments: { domain: 'threads.net', include_subdomains: true },
    });
  });

  it('asks about an internationalised domain in ASCII', async () => {
    const { fake, gateway } = await setup();
    fake.state.setMeasures('xn--mnchen-3ya.example', { accounts: 7 });
    expect(await gateway.impact('münchen.example')).toMatchObject({ accounts: 7, follows: 0 });
  });

  it.each([
    ['the token lacks admin:read', 'noAdminScopes'],
    ['the account may not view the dashboard', 'user'],
  ])('throws the refusal when %s (403): a refused token is not a server without figures', async (_why, token) => {
    const { fake, gateway } = await setup({}, { token });
    await expect(gateway.impact('threads.net')).rejects.toMatchObject({ kind: 'permanent', status: 403, message: expect.stringMatching(/^reading the impact figures of threads\.net: the instance answered 403 /) });
    expect(fake.requests.map((r) => r.status)).toEqual([403]);
  });

  it('retries a failing measures request like any other', async () => {
    const { fake, gateway } = await setup();
    fake.faults.next(1, '500', { path: '/api/v1/admin/measures' });
    expect(await gateway.impact('quiet.example')).toEqual({ follows: 0, followers: 0, accounts: 0, reports: 0, mediaBytes: 0 });
  });
});

describe('accounts', () => {
  it('looks up a local account by name, with or without @, and a remote one by handle', async () => {
    const { fake, gateway } = await setup();
    const dora = fake.state.addAccount({ username: 'dora' });
    fake.state.addAccount({ username: 'bob', domain: 'elsewhere.example' });
    expect(await gateway.lookupAccount('@dora')).toMatchObject({ id: dora.id, acct: 'dora', username: 'dora', local: true });
    expect(await gateway.lookupAccount('dora@fake.social')).toMatchObject({ id: dora.id, local: true });
    expect(await gateway.lookupAccount('bob@elsewhere.example')).toMatchObject({ acct: 'bob@elsewhere.example', local: false });
    expect(await gateway.lookupAccount('nobody')).toBeUndefined();
  });

  it('reads the admin view of an account: exact creation time, suspended, disabled', async () => {
    const { fake, gateway } = await setup();
    const carol = fake.state.addAccount({ username: 'carol', created_at: '2024-03-05T10:11:12.345Z', disabled: true });
    expect(await gateway.adminAccount(carol.id)).toEqual({
      id: carol.id,
      acct: 'carol',
      username: 'carol',
      local: true,
      createdAt: '2024-03-05T10:11:12.345Z',
      suspended: false,
      disabled: true,
    });
    expect(await gateway.adminAccount('999999')).toBeUndefined();
  });

  it('the admin view is undefined for a token that may not manage users', async () => {
    const { fake, gateway } = await setup({}, { token: 'user' });
    const carol = fake.state.addAccount({ username: 'carol' });
    expect(await gateway.adminAccount(carol.id)).toBeUndefined();
  });
});

describe('statuses', () => {
  it('posts with the visibility asked, once per Idempotency-Key', async () => {
    const { fake, gateway } = await setup();
    const first = await gateway.postStatus('@alice your code is 123456', { visibility: 'direct', idempotencyKey: 'link-1' });
    const again = await gateway.postStatus('@alice your code is 123456', { visibility: 'direct', idempotencyKey: 'link-1' });
    expect(again).toBe(first);
    expect(fake.state.statuses).toHaveLength(1);
    expect(fake.state.statuses[0]).toMatchObject({ id: first, visibility: 'direct', mentions: expect.arrayContaining([expect.any(String)]) });
    expect(fake.requests.filter((r) => r.path === '/api/v1/statuses').map((r) => r.idempotencyKey)).toEqual(['link-1', 'link-1']);
    await gateway.postStatus('Result: …', { visibility: 'unlisted', idempotencyKey: 'result-2' });
    expect(fake.state.statuses.map((s) => s.visibility)).toEqual(['direct', 'unlisted']);
  });

  it('a resend after a lost answer posts once', async () => {
    const { fake, gateway } = await setup();
    fake.faults.next(1, 'drop', { path: '/api/v1/statuses', phase: 'after' });
    await gateway.postStatus('The vote ended.', { visibility: 'public', idempotencyKey: 'result-7' });
    expect(fake.state.statuses).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path === '/api/v1/statuses')).toHaveLength(2);
  });

  it('on GoToSocial, which ignores Idempotency-Key, a lost answer is not sent again', async () => {
    const { fake, gateway } = await setup({}, { flavor: 'gotosocial' });
    fake.faults.next(1, 'drop', { path: '/api/v1/statuses', phase: 'after' });
    expect(await failure(gateway.postStatus('The vote ended.', { visibility: 'public', idempotencyKey: 'result-8' }))).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('not sent again'),
    });
    expect(fake.state.statuses).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path === '/api/v1/statuses')).toHaveLength(1);
  });

  it('a refused status is a permanent error with the server\'s words', async () => {
    const { gateway } = await setup();
    expect(await failure(gateway.postStatus('x'.repeat(501), { visibility: 'public', idempotencyKey: 'long' }))).toMatchObject({
      kind: 'permanent',
      status: 422,
      message: expect.stringMatching(/^posting a status: the instance answered 422 Validation failed/),
    });
  });
});
