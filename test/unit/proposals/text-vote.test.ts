import { describe, expect, it } from 'vitest';
import { textVote } from '../../../bot/proposals/votes.ts';
import { said } from '../wording/said.ts';
import { MEMBER_ROOM, proposalWorld } from './proposal-deps.ts';

const ALICE = '@alice:example.social';

describe('a text vote read after the close', () => {
  it('counts when it was sent before the close and the count is still to be made', async () => {
    const world = proposalWorld();
    const proposal = world.open([ALICE]);
    const closedAt = proposal.deadlineAt!;
    world.deps.store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt } });
    world.clock.advance(proposal.durationMs + 60_000);
    const result = await textVote(world.deps, proposal.id, { voter: ALICE, answer: 'yes', eventId: '$late', ts: closedAt - 1000, roomId: MEMBER_ROOM });
    expect(result.ok).toBe(true);
    expect(world.deps.store.votes.tally(proposal.id).yes).toBe(1);
  });

  it('is refused when it was sent after the close', async () => {
    const world = proposalWorld();
    const proposal = world.open([ALICE]);
    const closedAt = proposal.deadlineAt!;
    world.deps.store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt } });
    const result = await textVote(world.deps, proposal.id, { voter: ALICE, answer: 'yes', eventId: '$after', ts: closedAt + 1, roomId: MEMBER_ROOM });
    expect(said(result)).toEqual({ ok: false, reason: 'Proposal 1 (suspend threads.net) is not open for voting (it is closed, being counted).' });
    expect(world.deps.store.votes.tally(proposal.id).yes).toBe(0);
  });

  it('is refused once the count is made, even if it was sent in time', async () => {
    const world = proposalWorld();
    const proposal = world.open([ALICE]);
    const closedAt = proposal.deadlineAt!;
    world.deps.store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt } });
    world.deps.store.proposals.advance(proposal.id, { type: 'count', outcome: 'rejected' });
    const result = await textVote(world.deps, proposal.id, { voter: ALICE, answer: 'yes', eventId: '$tooLate', ts: closedAt - 1000, roomId: MEMBER_ROOM });
    expect(said(result)).toEqual({ ok: false, reason: 'Proposal 1 (suspend threads.net) is not open for voting (it is rejected).' });
  });
});
