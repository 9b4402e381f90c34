// requireLinkedAccount: a linked account the bot cannot read on the instance when the poll opens gives no vote.
import { describe, expect, it } from 'vitest';
import { linkedAccountRule } from '../../../bot/proposals/linked-accounts.ts';
import { linkedRuleLine } from '../../../bot/wording/notice-lines.ts';
import { eligibilitySnapshot } from '../../../governance/eligibility.ts';
import { setup } from '../mastodon/gateway-fixture.ts';
import { clockOver, testDeps } from '../pledges/deps-fixture.ts';

const ALICE = '@alice:example.social';
const BOB = '@bob:example.social';
const DAY = 86_400_000;

async function eligibleWith(token: string, prepare: (fake: Awaited<ReturnType<typeof setup>>['fake']) => void = () => undefined) {
  const { fake, gateway, config } = await setup({}, { token });
  const deps = testDeps({
    clock: clockOver(fake.clock),
    instance: gateway,
    mastodon: { url: config.url, accessToken: config.accessToken },
    config: { governance: { eligibility: { requireLinkedAccount: true, minAccountAgeDays: 0 } } },
  });
  const alice = fake.state.accountByAcct('alice')!;
  const bob = fake.state.addAccount({ username: 'bob', created_at: new Date(fake.clock.now() - 30 * DAY).toISOString() });
  const linkedAt = fake.clock.now() - 10 * DAY;
  deps.store.links.link({ matrixUserId: ALICE, acct: 'alice', accountId: alice.id, accountCreatedAt: linkedAt - 100 * DAY, verifiedAt: linkedAt });
  deps.store.links.link({ matrixUserId: BOB, acct: 'bob', accountId: bob.id, accountCreatedAt: linkedAt - 100 * DAY, verifiedAt: linkedAt });
  prepare(fake);
  const now = fake.clock.now();
  const linked = await linkedAccountRule(deps, [ALICE, BOB], now);
  return { deps, eligible: eligibilitySnapshot({ roomMembers: [[ALICE, BOB]], botUserId: '@moot:example.social', ignoredUsers: [], linked }) };
}

describe('linked accounts at the opening of a poll', () => {
  it('counts accounts the instance shows in good standing', async () => {
    expect((await eligibleWith('admin')).eligible).toEqual([ALICE, BOB]);
  });

  it('leaves out a suspended account', async () => {
    const { eligible } = await eligibleWith('admin', (fake) => {
      fake.state.accountByAcct('bob')!.suspended = true;
    });
    expect(eligible).toEqual([ALICE]);
  });

  it('gives no vote when the token may not read accounts (fails closed, not open)', async () => {
    expect((await eligibleWith('noAdminScopes')).eligible).toEqual([]);
  });

  it('gives no vote for an account the instance no longer has', async () => {
    const { eligible } = await eligibleWith('admin', (fake) => {
      fake.state.accounts.delete(fake.state.accountByAcct('bob')!.id);
    });
    expect(eligible).toEqual([ALICE]);
  });

  it('gives no vote while the instance does not answer', async () => {
    const { eligible } = await eligibleWith('admin', (fake) => fake.faults.next(50, '502', { path: /^\/api\/v1\/admin\/accounts\// }));
    expect(eligible).toEqual([]);
  });

  it('says in the poll notice that an unreadable account gives no vote', async () => {
    const { deps } = await eligibleWith('admin');
    expect(linkedRuleLine(deps.config.governance.eligibility, deps.config.matrix.commandPrefix)).toBe(
      'Only members who linked a local account on the instance (not suspended or disabled) may vote: !moot link @you@instance. ' +
        'A linked account the bot could not read on the instance when the poll opened gives no vote on it.',
    );
  });
});
