import { createHash } from 'node:crypto';
import { type mastodon, MastoHttpError, createRestAPIClient } from 'masto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MastodonFake, startMastodonFake } from './mastodon/index.ts';

let fake: MastodonFake;
let admin: mastodon.rest.Client;

const client = (token?: string) =>
  createRestAPIClient(token === undefined ? { url: fake.url } : { url: fake.url, accessToken: token });

async function rejection(p: PromiseLike<unknown>): Promise<MastoHttpError> {
  const e = await Promise.resolve(p).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(MastoHttpError);
  return e as MastoHttpError;
}

beforeEach(async () => {
  fake = await startMastodonFake({ rateLimit: false });
  admin = client(fake.tokens.admin);
});
afterEach(() => fake.stop());

describe('domain blocks: create', () => {
  it('answers the Admin::DomainBlock shape, which masto camel-cases (rejectReports at runtime)', async () => {
    const block = await admin.v1.admin.domainBlocks.create({
      domain: 'threads.net',
      severity: 'suspend',
      rejectReports: true,
      privateComment: 'staff only',
      publicComment: 'Decided by vote',
      obfuscate: true,
    });
    expect(block).toEqual({
      id: expect.stringMatching(/^\d+$/),
      domain: 'threads.net',
      digest: createHash('sha256').update('threads.net').digest('hex'),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      severity: 'suspend',
      rejectMedia: false,
      rejectReports: true,
      privateComment: 'staff only',
      publicComment: 'Decided by vote',
      obfuscate: true,
    });
    expect(fake.state.findBlock('threads.net')?.reject_reports).toBe(true);
  });

  it('defaults to silence without rejects or comments', async () => {
    const block = await admin.v1.admin.domainBlocks.create({ domain: 'example.org' });
    expect(block).toMatchObject({ severity: 'silence', rejectMedia: false, rejectReports: false, obfuscate: false });
    expect(block.privateComment).toBeNull();
  });

  it('accepts form-encoded bodies with Rails booleans', async () => {
    const res = await fetch(`${fake.url}/api/v1/admin/domain_blocks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.tokens.admin}` },
      body: new URLSearchParams({ domain: 'form.example', severity: 'noop', reject_media: '1', obfuscate: 'false' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ domain: 'form.example', severity: 'noop', reject_media: true, obfuscate: false });
  });

  it('normalises as Mastodon stores domains: lowercase, punycode, no trailing dot or slash', async () => {
    expect((await admin.v1.admin.domainBlocks.create({ domain: ' Example.COM. ' })).domain).toBe('example.com');
    expect((await admin.v1.admin.domainBlocks.create({ domain: 'Bücher.example' })).domain).toBe('xn--bcher-kva.example');
    expect((await admin.v1.admin.domainBlocks.create({ domain: 'slash.example/' })).domain).toBe('slash.example');
  });

  it.each(['bad domain.com', '*.example.com', 'exa_mple.com', 'a..b', `${'x'.repeat(64)}.com`])(
    'refuses %j with 422 "Validation failed: Domain is invalid"',
    async (domain) => {
      const e = await rejection(admin.v1.admin.domainBlocks.create({ domain }));
      expect(e.statusCode).toBe(422);
      expect(e.message).toBe('Validation failed: Domain is invalid');
      expect(fake.state.blocks).toHaveLength(0);
    },
  );

  it('refuses a missing domain and an unknown severity', async () => {
    const blank = await rejection(admin.v1.admin.domainBlocks.create({ domain: '' }));
    expect(blank.message).toBe("Validation failed: Domain can't be blank");
    const sev = await rejection(
      admin.v1.admin.domainBlocks.create({ domain: 'x.example', severity: 'ban' as 'suspend' }),
    );
    expect([sev.statusCode, sev.message]).toEqual([422, 'Validation failed: Severity is not included in the list']);
  });

  it('refuses a second block on the same domain, even a stricter one, naming the existing block', async () => {
    const first = await admin.v1.admin.domainBlocks.create({ domain: 'dup.example', severity: 'silence' });
    const e = await rejection(admin.v1.admin.domainBlocks.create({ domain: 'DUP.example.', severity: 'suspend' }));
    expect(e.statusCode).toBe(422);
    expect(e.message).toBe('You have already imposed stricter limits on dup.example.');
    expect(e.additionalProperties).toEqual({ existingDomainBlock: first });
  });

  it('refuses a subdomain block that is looser than its parent, returning the parent', async () => {
    const parent = await admin.v1.admin.domainBlocks.create({ domain: 'example.net', severity: 'suspend' });
    const e = await rejection(admin.v1.admin.domainBlocks.create({ domain: 'a.b.example.net', severity: 'silence' }));
    expect(e.additionalProperties?.['existingDomainBlock']).toMatchObject({ id: parent.id, domain: 'example.net' });

    await admin.v1.admin.domainBlocks.create({ domain: 'media.example', severity: 'silence', rejectMedia: true });
    const looserMedia = await rejection(admin.v1.admin.domainBlocks.create({ domain: 'x.media.example', severity: 'silence' }));
    expect(looserMedia.statusCode).toBe(422);
  });

  it('accepts a stricter or equally strict subdomain block (stricter_than? counts equal as stricter)', async () => {
    await admin.v1.admin.domainBlocks.create({ domain: 'loose.example', severity: 'silence' });
    await admin.v1.admin.domainBlocks.create({ domain: 'a.loose.example', severity: 'suspend' });
    await admin.v1.admin.domainBlocks.create({ domain: 'b.loose.example', severity: 'silence' });
    await admin.v1.admin.domainBlocks.create({ domain: 'strict.example', severity: 'suspend' });
    await admin.v1.admin.domainBlocks.create({ domain: 'a.strict.example', severity: 'suspend' });
    expect(fake.state.blocks.map((b) => b.domain)).toEqual([
      'loose.example',
      'a.loose.example',
      'b.loose.example',
      'strict.example',
      'a.strict.example',
    ]);
    // The nearest block wins: under a.loose.example (suspend), a silence is looser.
    const e = await rejection(admin.v1.admin.domainBlocks.create({ domain: 'x.a.loose.example', severity: 'silence' }));
    expect(e.additionalProperties?.['existingDomainBlock']).toMatchObject({ domain: 'a.loose.example' });
  });
});

describe('domain blocks: show, update, delete', () => {
  it('shows, updates (ignoring domain) and deletes by id', async () => {
    const { id } = await admin.v1.admin.domainBlocks.create({ domain: 'edit.example' });
    expect((await admin.v1.admin.domainBlocks.$select(id).fetch()).domain).toBe('edit.example');
    const updated = await admin.v1.admin.domainBlocks
      .$select(id)
      .update({ severity: 'suspend', publicComment: 'now suspended', domain: 'other.example' } as never);
    expect(updated).toMatchObject({ id, domain: 'edit.example', severity: 'suspend', publicComment: 'now suspended' });
    expect(await admin.v1.admin.domainBlocks.$select(id).remove()).toEqual({});
    expect(fake.state.blocks).toHaveLength(0);
  });

  it('PUT refuses an unknown severity and keeps the block', async () => {
    const { id } = await admin.v1.admin.domainBlocks.create({ domain: 'keep.example', severity: 'suspend' });
    const e = await rejection(admin.v1.admin.domainBlocks.$select(id).update({ severity: 'x' as 'noop' }));
    expect(e.statusCode).toBe(422);
    expect(fake.state.blockById(id)?.severity).toBe('suspend');
  });

  it.each(['999', 'abc'])('answers 404 {"error":"Record not found"} for id %s on GET, PUT and DELETE', async (id) => {
    for (const call of [
      () => admin.v1.admin.domainBlocks.$select(id).fetch(),
      () => admin.v1.admin.domainBlocks.$select(id).update({ severity: 'noop' }),
      () => admin.v1.admin.domainBlocks.$select(id).remove(),
    ]) {
      const e = await rejection(call());
      expect([e.statusCode, e.message]).toEqual([404, 'Record not found']);
    }
  });
});

describe('domain blocks: list and pagination', () => {
  it('lists newest first, 100 by default, at most 200', async () => {
    fake.state.seedBlocks(250);
    const first = await admin.v1.admin.domainBlocks.list();
    expect(first).toHaveLength(100);
    expect(first[0]!.id).toBe('250');
    expect(first[99]!.id).toBe('151');
    expect(await admin.v1.admin.domainBlocks.list({ limit: 500 })).toHaveLength(200);
  });

  it('sends rel="next" only on a full page and rel="prev" by min_id, in Mastodon\'s Link format', async () => {
    fake.state.seedBlocks(5);
    const get = (q: string) =>
      fetch(`${fake.url}/api/v1/admin/domain_blocks${q}`, { headers: { authorization: `Bearer ${fake.tokens.admin}` } });
    const full = await get('?limit=2');
    expect(full.headers.get('link')).toBe(
      `<${fake.url}/api/v1/admin/domain_blocks?limit=2&max_id=4>; rel="next", ` +
        `<${fake.url}/api/v1/admin/domain_blocks?limit=2&min_id=5>; rel="prev"`,
    );
    const last = await get('?limit=2&max_id=2');
    expect(((await last.json()) as { id: string }[]).map((b) => b.id)).toEqual(['1']);
    expect(last.headers.get('link')).toBe(`<${fake.url}/api/v1/admin/domain_blocks?limit=2&min_id=1>; rel="prev"`);
    const empty = await get('?max_id=1');
    expect(await empty.json()).toEqual([]);
    expect(empty.headers.get('link')).toBeNull();
  });

  it('builds Link with the public address when one is set, as Mastodon behind a proxy does', async () => {
    const proxied = await startMastodonFake({ rateLimit: false, publicUrl: 'https://fake.social' });
    try {
      proxied.state.seedBlocks(3);
      const res = await fetch(`${proxied.url}/api/v1/admin/domain_blocks?limit=2`, {
        headers: { authorization: `Bearer ${proxied.tokens.admin}` },
      });
      expect(res.headers.get('link')).toBe(
        '<https://fake.social/api/v1/admin/domain_blocks?limit=2&max_id=2>; rel="next", ' +
          '<https://fake.social/api/v1/admin/domain_blocks?limit=2&min_id=3>; rel="prev"',
      );
    } finally {
      await proxied.stop();
    }
  });

  it('honours max_id, since_id and min_id as Mastodon pages by id', async () => {
    fake.state.seedBlocks(10);
    const ids = async (params: Record<string, unknown>) =>
      (await admin.v1.admin.domainBlocks.list(params as { limit: number })).map((b) => b.id);
    expect(await ids({ limit: 3, max_id: '8' })).toEqual(['7', '6', '5']);
    expect(await ids({ limit: 3, since_id: '8' })).toEqual(['10', '9']);
    expect(await ids({ limit: 3, min_id: '2' })).toEqual(['5', '4', '3']);
    expect(await ids({ limit: 3, min_id: '2', max_id: '4' })).toEqual(['3']);
  });

  it('lets masto follow Link pages with for await, and reads 5,000 seeded blocks', async () => {
    const started = performance.now();
    fake.state.seedBlocks(5_000, { severity: 'suspend' });
    expect(performance.now() - started).toBeLessThan(2_000);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of admin.v1.admin.domainBlocks.list({ limit: 200 })) {
      pages++;
      seen.push(...page.map((b) => b.domain));
    }
    expect(seen).toHaveLength(5_000);
    expect(new Set(seen).size).toBe(5_000);
    // 25 full pages, then an empty page: Mastodon links "next" from every full page.
    expect(pages).toBe(26);
  });
});

describe('authentication and authorisation', () => {
  it('a moderator (no Manage Federation) gets 403 "This action is not allowed"', async () => {
    const mod = client(fake.tokens.moderator);
    for (const call of [() => mod.v1.admin.domainBlocks.list(), () => mod.v1.admin.domainBlocks.create({ domain: 'm.example' })]) {
      const e = await rejection(call());
      expect([e.statusCode, e.message]).toEqual([403, 'This action is not allowed']);
    }
  });

  it('checks the record before the permission, as Mastodon does (moderator gets 404 for an unknown id)', async () => {
    const e = await rejection(client(fake.tokens.moderator).v1.admin.domainBlocks.$select('42').fetch());
    expect(e.statusCode).toBe(404);
  });

  it('a token without admin scopes gets 403 "This action is outside the authorized scopes"', async () => {
    const e = await rejection(client(fake.tokens.noAdminScopes).v1.admin.domainBlocks.list());
    expect([e.statusCode, e.message]).toEqual([403, 'This action is outside the authorized scopes']);
    const limited = client(fake.tokens.blocks);
    await limited.v1.admin.domainBlocks.create({ domain: 'scoped.example' });
    expect(await limited.v1.admin.domainBlocks.list()).toHaveLength(1);
  });

  it('admin endpoints answer a missing or unknown token with 403 (authorize_if_got_token!), not 401', async () => {
    for (const c of [client(), client('no-such-token')]) {
      const e = await rejection(c.v1.admin.domainBlocks.list());
      expect([e.statusCode, e.message]).toEqual([403, 'This action is not allowed']);
    }
  });

  it('a revoked token gets 401, and endpoints that require a token answer 401 "The access token is invalid"', async () => {
    const revoked = await rejection(client(fake.tokens.revoked).v1.admin.domainBlocks.list());
    expect([revoked.statusCode, revoked.message]).toEqual([401, 'The access token was revoked']);
    for (const c of [client(), client('no-such-token')]) {
      const e = await rejection(c.v1.accounts.verifyCredentials());
      expect([e.statusCode, e.message]).toEqual([401, 'The access token is invalid']);
    }
  });
});
