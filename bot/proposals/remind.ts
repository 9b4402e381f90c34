import type { ConfigSections, ProposalDeps } from './deps.ts';
import { reminderMessage } from '../wording/announcements.ts';
import { toView } from './view.ts';
import { txnId } from './txn.ts';
import { OBSOLETE } from '../scheduler.ts';

/** The open proposal's polls and turnout, and the rooms they are in. */
export type RemindContext = Pick<ProposalDeps, 'store' | 'rooms' | 'now'> & ConfigSections<'matrix'>;

/** Job: the reminder before the deadline, with turnout so far and no names. */
export async function remind(deps: RemindContext, id: number): Promise<void | typeof OBSOLETE> {
  const record = deps.store.proposals.get(id);
  if (!record || record.state !== 'open') return OBSOLETE;
  // After downtime the reminder and the close fall due together: a reminder of a deadline already past says nothing.
  if (record.deadlineAt !== undefined && deps.now() >= record.deadlineAt) return OBSOLETE;
  const view = toView(deps.store, record);
  const tally = deps.store.votes.tally(id);
  const voted = tally.cast + tally.spoiled;
  for (const poll of deps.store.polls.forProposal(id)) {
    if (!poll.startEventId) continue;
    const msg = reminderMessage(view, voted, tally.eligible, deps.config.matrix.commandPrefix, deps.now());
    await deps.rooms.sendNotice(poll.roomId, msg, txnId('remind', id, poll.roomId));
  }
}
