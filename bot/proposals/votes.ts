// Votes come in two ways, poll responses and `vote` commands; both are stored as raw responses and counted alike.
import type { Result, VoteReceipt } from '../contracts/ports.ts';
import { fail, ok } from '../contracts/ports.ts';
import { proposalRef, type ProposalRefusal } from '../contracts/refusals.ts';
import type { AnswerId, RawVote, UnreadableResponse } from '../../governance/types.ts';
import type { ConfigSections, ProposalDeps } from './deps.ts';
import { toView } from './view.ts';

/** A poll response seen in sync or read back from /relations; ignored unless it answers one of our polls. */
export function ingestPollResponse(deps: Pick<ProposalDeps, 'store'>, startEventId: string, vote: RawVote): boolean {
  const poll = deps.store.polls.findByStartEvent(startEventId);
  if (!poll || poll.roomId !== vote.roomId) return false;
  return deps.store.votes.recordVote(poll.proposalId, vote);
}

/** An encrypted response the bot could not read, seen in sync, read back or in /relations; only for our polls. */
export function ingestUnreadableResponse(deps: Pick<ProposalDeps, 'store'>, startEventId: string, response: UnreadableResponse): boolean {
  const poll = deps.store.polls.findByStartEvent(startEventId);
  if (!poll || poll.roomId !== response.roomId) return false;
  return deps.store.unreadable.record(poll.proposalId, response);
}

/** A `vote` command: the stored proposal and its votes, and whether the linked-account rule applies. */
export type TextVoteContext = Pick<ProposalDeps, 'store'> & ConfigSections<'governance'>;

export async function textVote(
  deps: TextVoteContext,
  id: number,
  vote: { voter: string; answer: AnswerId; eventId: string; ts: number; roomId: string },
): Promise<Result<VoteReceipt, ProposalRefusal>> {
  const record = deps.store.proposals.get(id);
  if (!record) return fail({ kind: 'no_such_proposal', id });
  const view = toView(deps.store, record);
  // A vote sent before the close but read after it (the bot was away, or it came later in the same sync batch) still
  // counts until the count is made: `closed` is the state between the close and the count.
  const countsUntil = record.state === 'open' ? record.deadlineAt : record.state === 'closed' ? record.closedAt : undefined;
  const lateButInTime = record.state === 'closed' && countsUntil !== undefined && vote.ts <= countsUntil;
  if (record.state !== 'open' && !lateButInTime) return fail({ kind: 'not_open_for_voting', proposal: proposalRef(view) });
  if (countsUntil !== undefined && vote.ts > countsUntil) return fail({ kind: 'vote_closed', proposal: proposalRef(view) });
  deps.store.votes.recordVote(id, {
    voter: vote.voter,
    answers: [vote.answer],
    ts: vote.ts,
    eventId: vote.eventId,
    roomId: vote.roomId,
    source: 'text',
  });
  const eligible = deps.store.eligibility.isEligible(id, vote.voter);
  if (eligible) return ok({ proposal: view, eligible });
  return ok({ proposal: view, eligible, linkedAccountRequired: deps.config.governance.eligibility.requireLinkedAccount });
}

/** Reads every response of every poll of an open or closing proposal back from the homeserver. */
export async function recountFromRelations(deps: Pick<ProposalDeps, 'store' | 'rooms'>, id: number): Promise<number> {
  let added = 0;
  for (const poll of deps.store.polls.forProposal(id)) {
    if (!poll.startEventId) continue;
    const { votes, unreadable } = await deps.rooms.pollResponses(poll.roomId, poll.startEventId);
    deps.store.transaction(() => {
      for (const vote of votes) if (deps.store.votes.recordVote(id, vote)) added++;
      for (const response of unreadable) if (deps.store.unreadable.record(id, response)) added++;
    });
  }
  return added;
}
