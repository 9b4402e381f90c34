// Domain blocks through the instance gateway, against the Mastodon contract fake.
import { describe, expect, it } from 'vitest';
import { InstanceError } from '../../../bot/mastodon/gateway.ts';
import { failure, LIMIT, setup, SUSPEND } from './gateway-fixture.ts';

const BLOCKS = '/api/v1/admin/domain_blocks';

describe('flavor', () => {
  it('detects Mastodon from the instance, once', async () => {
    const { fake, gateway } = await setup();
    expect(await gateway.flavor()).toBe('mastodon');
    expect(await gateway.suspendOnly()).toBe(false);
    expect(await gateway.flavor()).toBe('mastodon');
    expect(fake.requests.filter((r) => r.path.startsWith('/api/v2/instance'))).toHaveLength(1);
  });

  it('takes a configured flavor without asking the instance', async () => {
    const { fake, gateway } = await setup({}, { flavor: 'gotosocial' });
    expect(await gateway.flavor()).toBe('gotosocial');
    expect(await gateway.suspendOnly()).toBe(true);
    expect(fake.requests).toEqual([]);
  });
});

describe('listing blocks', () => {
  it('reads every page of a long list, 200 at a time', async () => {
    const { fake, gateway } = await setup();
    fake.state.seedBlocks(450);
    const blocks = await gateway.listBlocks();
    expect(blocks).toHaveLength(450);
    expect(new Set(blocks.map((b) => b.id)).size).toBe(450);
    const pages = fake.requests.filter((r) => r.path === BLOCKS);
    expect(pages.map((r) => r.query)).toEqual([{ limit: '200' }, { limit: '200', max_id: '251' }, { limit: '200', max_id: '51' }]);
  });

  it('ends at the empty page after a list that fills its last page exactly', async () => {
    const { fake, gateway } = await setup();
    fake.state.seedBlocks(400);
    expect(await gateway.listBlocks()).toHaveLength(400);
    expect(fake.requests.filter((r) => r.path === BLOCKS)).toHaveLength(3);
  });

  it('asks the configured address for the next page even when Link names the public host', async () => {
    const { fake, gateway } = await setup({ publicUrl: 'https://fake.social' });
    fake.state.seedBlocks(250);
    expect(await gateway.listBlocks()).toHaveLength(250);
    expect(fake.requests.filter((r) => r.path === BLOCKS && r.token === 'admin')).toHaveLength(2);
  });

  it('gives every block in ASCII with its options', async () => {
    const { fake, gateway } = await setup();
    fake.state.addBlock({ domain: 'münchen.example', severity: 'silence', reject_media: true, private_comment: 'staff', obfuscate: true });
    expect(await gateway.listBlocks()).toEqual([
      {
        id: expect.any(String),
        domain: 'xn--mnchen-3ya.example',
        severity: 'silence',
        rejectMedia: true,
        rejectReports: false,
        privateComment: 'staff',
        publicComment: undefined,
        obfuscate: true,
        createdAt: expect.any(String),
      },
    ]);
  });
});

describe('creating, changing and removing blocks', () => {
  it('creates a block with its options, the domain in ASCII', async () => {
    const { fake, gateway } = await setup();
    const created = await gateway.createBlock('München.Example', { ...LIMIT, rejectReports: true, privateComment: 'vote 3' });
    expect(created).toMatchObject({ kind: 'created', block: { domain: 'xn--mnchen-3ya.example', severity: 'silence', rejectReports: true } });
    expect(fake.state.findBlock('xn--mnchen-3ya.example')).toMatchObject({ severity: 'silence', reject_reports: true, private_comment: 'vote 3', public_comment: 'spam' });
  });

  it('refuses a domain the instance cannot block, in words, without asking it', async () => {
    const { fake, gateway } = await setup();
    const error = await failure(gateway.createBlock('*.example.com', SUSPEND));
    expect(error).toMatchObject({ kind: 'permanent', message: expect.stringContaining('wildcards') });
    expect(fake.requests).toEqual([]);
  });

  it('answers a duplicate with the existing block (422 existing_domain_block), even when the new one is stricter', async () => {
    const { fake, gateway } = await setup();
    const existing = fake.state.addBlock({ domain: 'example.com', severity: 'silence' });
    expect(await gateway.createBlock('example.com', SUSPEND)).toMatchObject({ kind: 'exists', existing: { id: existing.id, severity: 'silence' } });
    expect(fake.state.blocks).toHaveLength(1);
  });

  it('answers a domain under a parent at least as strict with the parent', async () => {
    const { fake, gateway } = await setup();
    fake.state.addBlock({ domain: 'example.com', severity: 'suspend' });
    expect(await gateway.createBlock('a.example.com', LIMIT)).toMatchObject({ kind: 'exists', existing: { domain: 'example.com' } });
    expect(await gateway.createBlock('b.example.com', SUSPEND)).toMatchObject({ kind: 'created', block: { domain: 'b.example.com' } });
  });

  it('accepts a stricter subdomain under a looser parent', async () => {
    const { fake, gateway } = await setup();
    fake.state.addBlock({ domain: 'example.org', severity: 'silence' });
    expect(await gateway.createBlock('bad.example.org', SUSPEND)).toMatchObject({ kind: 'created', block: { severity: 'suspend' } });
  });

  it('changes a block with PUT, without sending the domain', async () => {
    const { fake, gateway } = await setup();
    const block = fake.state.addBlock({ domain: 'threads.net', severity: 'silence' });
    const updated = await gateway.updateBlock(block.id, { ...SUSPEND, rejectMedia: true, obfuscate: true });
    expect(updated).toMatchObject({ id: block.id, domain: 'threads.net', severity: 'suspend', rejectMedia: true, obfuscate: true });
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.body).not.toHaveProperty('domain');
    expect(put.body).toMatchObject({ severity: 'suspend', reject_media: 'true', obfuscate: 'true' });
  });

  it('a change of an unknown block is a permanent 404', async () => {
    const { gateway } = await setup();
    expect(await failure(gateway.updateBlock('999', SUSPEND))).toMatchObject({ kind: 'permanent', status: 404, message: 'changing block 999: the instance answered 404 Record not found' });
  });

  it('removes a block; removing it again, or an unknown id, is not_found', async () => {
    const { fake, gateway } = await setup();
    const block = fake.state.addBlock({ domain: 'gone.example', severity: 'suspend' });
    expect(await gateway.deleteBlock(block.id)).toBe('deleted');
    expect(fake.state.findBlock('gone.example')).toBeUndefined();
    expect(await gateway.deleteBlock(block.id)).toBe('not_found');
    expect(await gateway.deleteBlock('not-a-number')).toBe('not_found');
  });

  it('refuses with the server\'s words when the token may not manage federation', async () => {
    const { gateway } = await setup({}, { token: 'moderator' });
    const error = await failure(gateway.createBlock('nope.example', SUSPEND));
    expect(error).toBeInstanceOf(InstanceError);
    expect(error).toMatchObject({ kind: 'permanent', status: 403, message: 'blocking nope.example: the instance answered 403 This action is not allowed' });
  });

  it('refuses with the server\'s words when the token lacks the scope', async () => {
    const { gateway } = await setup({}, { token: 'noAdminScopes' });
    expect(await failure(gateway.listBlocks())).toMatchObject({ kind: 'permanent', status: 403, message: expect.stringContaining('outside the authorized scopes') });
  });
});

describe('creations side by side', () => {
  it('runs creations of one domain one after the other: one is created, the others exist', async () => {
    const { fake, gateway } = await setup();
    const results = await Promise.all(Array.from({ length: 4 }, () => gateway.createBlock('busy.example', SUSPEND)));
    expect(results.map((r) => r.kind).sort()).toEqual(['created', 'exists', 'exists', 'exists']);
    expect(fake.state.blocks).toHaveLength(1);
  });

  it('a failed creation does not hold up the next one', async () => {
    const { fake, gateway } = await setup();
    fake.faults.next(5, '500', { method: 'POST' });
    await expect(gateway.createBlock('later.example', SUSPEND)).rejects.toMatchObject({ kind: 'transient' });
    expect((await gateway.createBlock('later.example', SUSPEND)).kind).toBe('created');
  });
});
