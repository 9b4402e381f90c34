// A local account's following and followers through the instance gateway, against the Mastodon contract fake.
import { describe, expect, it } from 'vitest';
import { setup } from './gateway-fixture.ts';
import type { FakeState } from '../../fakes/mastodon/state.ts';

function world(state: FakeState, remote: number) {
  const member = state.addAccount({ username: 'mia' });
  const neighbour = state.addAccount({ username: 'nico' });
  const there = Array.from({ length: remote }, (_, i) => state.addAccount({ username: `p${i}`, domain: i % 2 ? 'eu.threads.net' : 'threads.net' }));
  return { member, neighbour, there };
}

describe('network', () => {
  it('reads every page of both lists, remote accounts as user@host and local ones with the instance domain', async () => {
    const { fake, gateway } = await setup();
    const { member, neighbour, there } = world(fake.state, 170);
    for (const account of there) fake.state.follow(member, account);
    fake.state.follow(member, neighbour);
    fake.state.follow(there[3]!, member);
    fake.state.follow(neighbour, member);
    const network = await gateway.network(member.id);
    expect(network.kind).toBe('read');
    if (network.kind !== 'read') return;
    expect(network.following).toHaveLength(171);
    // Newest follow first, as Mastodon lists them.
    expect(network.following[0]).toBe(`nico@${fake.state.domain}`);
    expect(network.following.at(-1)).toBe('p0@threads.net');
    expect(network.followers).toEqual([`nico@${fake.state.domain}`, 'p3@eu.threads.net']);
    // 80 a page: three pages of following (80, 80, 11), one of followers, and the account itself.
    const paths = fake.requests.map((r) => r.path);
    expect(paths.filter((p) => p.endsWith('/following'))).toHaveLength(3);
    expect(paths.filter((p) => p.endsWith('/followers'))).toHaveLength(1);
    expect(paths[0]).toBe(`/api/v1/accounts/${member.id}`);
  });

  it('says hidden when the account hides its collections (the lists come back empty for the admin token)', async () => {
    const { fake, gateway } = await setup();
    const { member, there } = world(fake.state, 2);
    fake.state.follow(member, there[0]!);
    member.hide_collections = true;
    expect(await gateway.network(member.id)).toEqual({ kind: 'hidden' });
  });

  it('reads an account that follows nobody as two empty lists', async () => {
    const { fake, gateway } = await setup();
    const { member } = world(fake.state, 0);
    expect(await gateway.network(member.id)).toEqual({ kind: 'read', following: [], followers: [] });
  });

  it('throws the refusal of a token without read:accounts (403) and of a revoked one (401)', async () => {
    const { fake, gateway } = await setup({ tokens: { adminOnly: { scopes: ['admin:read', 'admin:write'], role: 'admin', username: 'admin' } } }, { token: 'adminOnly' });
    const { member } = world(fake.state, 0);
    await expect(gateway.network(member.id)).rejects.toMatchObject({ kind: 'permanent', status: 403, message: 'reading your account: the instance answered 403 This action is outside the authorized scopes' });
    const revoked = await setup({}, { token: 'revoked' });
    const other = world(revoked.fake.state, 0);
    await expect(revoked.gateway.network(other.member.id)).rejects.toMatchObject({ status: 401 });
  });
});
