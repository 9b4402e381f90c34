// A poll end sent by someone other than the bot. Clients show a poll as ended on an end from anyone with the room's
// redact power level (MSC3381), so the bot either closes the vote too (staff) or says that it goes on (anyone else).
import type { Message } from '../contracts/message.ts';
import type { ConfigSections } from './deps.ts';
import { closeVote, type CloseContext } from './close.ts';
import { toView } from './view.ts';
import { voteGoesOnMessage } from '../wording/announcements.ts';

export interface ForeignPollEnd {
  startEventId: string;
  roomId: string;
  sender: string;
  eventId: string;
  ts: number;
}

export type PollEndOutcome = { kind: 'ignored' } | { kind: 'closed' } | { kind: 'goes_on'; notice: Message };

const IGNORED: PollEndOutcome = { kind: 'ignored' };

/** The poll and its proposal, the marks of ends seen, the close, the prefix of the "goes on" notice. */
export type PollEndContext = CloseContext & ConfigSections<'matrix'>;

/**
 * `mayClose` tells whether the sender is staff with the redact power level in the room of the end. It is asked only
 * for the first end by that sender of an open poll of ours, so ends of other polls and repeated ends cost no requests.
 */
export async function pollEndedBy(deps: PollEndContext, end: ForeignPollEnd, mayClose: () => Promise<boolean>): Promise<PollEndOutcome> {
  const poll = deps.store.polls.findByStartEvent(end.startEventId);
  if (!poll || poll.roomId !== end.roomId || poll.endEventId || !isOpen(deps, poll.proposalId)) return IGNORED;
  if (deps.store.seen.pollEndSeen(end.startEventId, end.sender)) return IGNORED;
  const allowed = await mayClose();
  deps.store.seen.markPollEnd(end.startEventId, end.sender, end.eventId);
  const record = deps.store.proposals.get(poll.proposalId);
  if (!record || record.state !== 'open' || record.deadlineAt === undefined) return IGNORED;
  if (!allowed) return { kind: 'goes_on', notice: voteGoesOnMessage(toView(deps.store, record), deps.config.matrix.commandPrefix, deps.now()) };
  // Counted up to when they ended it, as their clients show it, not when the bot read it; never past the deadline.
  const closedAt = Math.min(end.ts, record.deadlineAt, deps.now());
  const closed = await closeVote(deps, record.id, end.sender, closedAt, { roomId: end.roomId, eventId: end.eventId });
  return closed.ok ? { kind: 'closed' } : IGNORED;
}

function isOpen(deps: Pick<PollEndContext, 'store'>, id: number): boolean {
  return deps.store.proposals.get(id)?.state === 'open';
}
