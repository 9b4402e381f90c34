// Closing a vote: write the close first, end the polls, recount from the homeserver, decide, then announce.
// Each step is recorded before the next external call, so a crash anywhere resumes at the step it stopped in.
import type { ProposalView, Result } from '../../commands/chat/ports.ts';
import { fail, ok } from '../../commands/chat/ports.ts';
import { proposalTitle, STATE_WORDS } from '../../commands/chat/describe.ts';
import { countVotes } from '../../governance/counting.ts';
import { decideOutcome, formatResultLine } from '../../governance/outcome.ts';
import type { ProposalState } from '../../governance/types.ts';
import type { ProposalDeps } from './deps.ts';
import { endedMessage, pollEndText, resultMessage, type ApplyPlan } from './announcements.ts';
import { recountFromRelations } from './votes.ts';
import { toView } from './view.ts';
import { txnId } from './txn.ts';
import { scheduleMilestone } from './hooks.ts';
import { cancelObsoleteJobs } from './obsolete-jobs.ts';

function scheduleFinish(deps: ProposalDeps, id: number): void {
  deps.store.jobs.schedule({ kind: 'finish_close', proposalId: id, runAt: deps.now(), payload: {}, key: `finish:${id}` });
}

/** A poll end by staff that closed the vote: that room's poll is ended already, so the bot sends no end there. */
export interface EndedByStaff {
  roomId: string;
  eventId: string;
}

/**
 * Job at the deadline, staff `close`, or a poll end by staff: votes count up to `closedAt` (the deadline, even if the
 * bot was down then; the time of the staff's poll end, not when the bot read it).
 */
export async function closeVote(deps: ProposalDeps, id: number, by: string, closedAt: number, ended?: EndedByStaff): Promise<Result<ProposalView>> {
  const record = deps.store.proposals.get(id);
  if (!record) return fail(`There is no proposal ${id}.`);
  const closed = deps.store.transaction(() => {
    if (!deps.store.proposals.setState(id, 'open', 'closed', { closedAt })) return false;
    if (ended) deps.store.polls.setEndEvent(id, ended.roomId, ended.eventId, closedAt);
    const detail = ended ? { closedAt, pollEnd: ended.eventId } : { closedAt };
    deps.store.audit.append({ ts: deps.now(), actor: by, roomId: ended?.roomId, action: 'close', proposalId: id, detail });
    scheduleFinish(deps, id);
    // Closed before its deadline: the close and the reminder waiting for it have nothing left to do.
    cancelObsoleteJobs(deps.store, id);
    return true;
  });
  if (!closed) {
    const view = toView(deps.store, record);
    return fail(`${proposalTitle(view)} is ${STATE_WORDS[view.state]}; only an open vote can be closed.`);
  }
  await deps.kick();
  return ok(toView(deps.store, deps.store.proposals.get(id)!));
}

async function endPolls(deps: ProposalDeps, id: number): Promise<void> {
  const view = toView(deps.store, deps.store.proposals.get(id)!);
  for (const poll of deps.store.polls.forProposal(id)) {
    if (!poll.startEventId || poll.endEventId) continue;
    const eventId = await deps.rooms.sendPollEnd(poll.roomId, poll.startEventId, pollEndText(view), txnId('end', id, poll.roomId));
    deps.store.polls.setEndEvent(id, poll.roomId, eventId);
  }
}

function scheduleAnnouncements(deps: ProposalDeps, id: number, kind: string): void {
  for (const poll of deps.store.polls.forProposal(id)) {
    deps.store.jobs.schedule({ kind, proposalId: id, runAt: deps.now(), payload: { roomId: poll.roomId }, key: `${kind}:${id}:${poll.roomId}` });
  }
}

/** Job: end the polls, recount, decide and store the outcome, then queue the result announcements. */
export async function finishClose(deps: ProposalDeps, id: number): Promise<void> {
  const record = deps.store.proposals.get(id);
  if (!record || record.state !== 'closed' || record.closedAt === undefined) return;
  await endPolls(deps, id);
  await recountFromRelations(deps, id);
  const counted = countVotes({
    votes: deps.store.votes.votesFor(id),
    eligible: new Set(deps.store.eligibility.list(id)),
    closedAt: record.closedAt,
  });
  const rules = record.rules!;
  const decision = decideOutcome(counted.tally, record.action, rules);
  const view = toView(deps.store, record);
  const resultLine = formatResultLine({ number: id, action: record.action, domain: view.domain, tally: counted.tally, decision });
  deps.store.transaction(() => {
    if (!deps.store.proposals.setState(id, 'closed', decision.outcome, { tally: counted.tally, outcome: decision.outcome, resultLine })) return;
    deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'count', proposalId: id, detail: { tally: counted.tally, outcome: decision.outcome } });
    scheduleAnnouncements(deps, id, 'announce_result');
    scheduleMilestone(deps, 'counted', id);
  });
}

/** The same rule as the apply hook (bot/decisions/hook.ts): the grace period runs from the close. */
function applyPlan(deps: ProposalDeps, closedAt: number | undefined): ApplyPlan {
  const g = deps.config.governance;
  if (!deps.config.mastodon) return { kind: 'none' };
  if (!g.autoApply) return { kind: 'staff', prefix: deps.config.matrix.commandPrefix };
  return { kind: 'auto', at: g.applyGracePeriod > 0 ? (closedAt ?? deps.now()) + g.applyGracePeriod : undefined };
}

export async function announceResult(deps: ProposalDeps, id: number, roomId: string): Promise<void> {
  const record = deps.store.proposals.get(id)!;
  const view = toView(deps.store, record);
  if (!view.resultLine) return;
  await deps.rooms.sendNotice(roomId, resultMessage(view, view.resultLine, applyPlan(deps, record.closedAt)), txnId('result', id, roomId));
}

/** Withdraw (by the proposer) or cancel (by staff): no count; the polls are ended so clients stop offering them. */
export async function endWithoutCount(
  deps: ProposalDeps,
  id: number,
  by: string,
  to: Extract<ProposalState, 'withdrawn' | 'cancelled'>,
  reason?: string,
): Promise<Result<ProposalView>> {
  const record = deps.store.proposals.get(id);
  if (!record) return fail(`There is no proposal ${id}.`);
  const view = toView(deps.store, record);
  if (to === 'withdrawn' && record.proposer !== by) return fail(`Only ${record.proposer}, who proposed it, can withdraw ${proposalTitle(view)}.`);
  const from = record.state;
  const ended = (from === 'proposed' || from === 'open') && deps.store.transaction(() => {
    if (!deps.store.proposals.setState(id, from, to, { closedAt: deps.now() })) return false;
    deps.store.audit.append({ ts: deps.now(), actor: by, action: to === 'withdrawn' ? 'withdraw' : 'cancel', proposalId: id, detail: { reason } });
    scheduleMilestone(deps, 'ended', id);
    deps.store.jobs.schedule({ kind: 'end_without_count', proposalId: id, runAt: deps.now(), payload: { reason }, key: `ended:${id}` });
    cancelObsoleteJobs(deps.store, id);
    return true;
  });
  if (!ended) return fail(`${proposalTitle(view)} is ${STATE_WORDS[view.state]}; it can no longer be ${to}.`);
  await deps.kick();
  return ok(toView(deps.store, deps.store.proposals.get(id)!));
}

export async function finishEndWithoutCount(deps: ProposalDeps, id: number, reason?: string): Promise<void> {
  await endPolls(deps, id);
  const view = toView(deps.store, deps.store.proposals.get(id)!);
  const why = view.state === 'withdrawn' ? 'was withdrawn by its proposer' : `was cancelled by staff${reason ? `: ${reason}` : ''}`;
  for (const poll of deps.store.polls.forProposal(id)) {
    if (!poll.startEventId) continue;
    await deps.rooms.sendNotice(poll.roomId, endedMessage(view, why), txnId('ended', id, poll.roomId));
  }
}
