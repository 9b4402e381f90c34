import { describe, expect, it } from 'vitest';
import { announceResult } from '../../../bot/proposals/close.ts';
import type { Outcome } from '../../../governance/types.ts';
import { MASTODON_TOKEN } from '../config/config-fixtures.ts';
import { configWith, MEMBER_ROOM, proposalWorld } from './proposal-deps.ts';

const mastodon = { url: 'https://example.social', accessToken: MASTODON_TOKEN };
const LINE = 'Proposal 1 (suspend threads.net): approved — yes 3 · no 0 · abstain 0 · spoiled 0 · 3 of 3 eligible voted (100%) · quorum 1 met · threshold 2/3 met';

/** The result the bot posts in the member room for proposal 1, counted with `outcome` under `tree`'s config. */
async function announced(tree: Record<string, unknown>, outcome: Outcome = 'approved'): Promise<string> {
  const world = proposalWorld(configWith(tree));
  const proposal = world.open();
  const closedAt = proposal.deadlineAt!;
  world.deps.store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt } });
  world.deps.store.proposals.advance(proposal.id, { type: 'count', outcome }, { fields: { resultLine: LINE } });
  await announceResult(world.deps, proposal.id, MEMBER_ROOM);
  return world.posted.map((p) => p.body).join('\n---\n');
}

describe('the result posted in the rooms says what happens next, as configured', () => {
  it('without a mastodon section: staff apply it by hand', async () => {
    expect(await announced({})).toBe(`${LINE}\n\nNo instance is configured; staff apply it by hand.`);
  });

  it('with autoApply off: it waits for a staff apply', async () => {
    expect(await announced({ mastodon })).toBe(`${LINE}\n\nThe block will be applied on the instance when staff run \`!moot apply 1\`.`);
  });

  it('with autoApply on: applied by itself, on the date the grace period ends', async () => {
    expect(await announced({ mastodon, governance: { autoApply: true } })).toBe(`${LINE}\n\nThe block will be applied on the instance.`);
    // openProposal opens at 2025-06-01 12:00 UTC for 7 days; two days' grace after that close.
    expect(await announced({ mastodon, governance: { autoApply: true, applyGracePeriod: '2d' } }))
      .toBe(`${LINE}\n\nThe block will be applied on the instance on 2025-06-10 12:00 UTC.`);
  });

  it('when rejected: nothing changes, whatever the config', async () => {
    expect(await announced({ mastodon, governance: { autoApply: true } }, 'rejected')).toBe(`${LINE}\n\nNothing changes.`);
  });
});
