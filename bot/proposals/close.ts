// Closing a vote: write the close first, end the polls, recount from the homeserver, decide, then announce.
// Each step is recorded before the next external call, so a crash anywhere resumes at the step it stopped in.
import type { CommandRef, ProposalView, Result } from '../contracts/ports.ts';
import { fail, ok } from '../contracts/ports.ts';
import { proposalRef, type ProposalRefusal } from '../contracts/refusals.ts';
import { formatResultLine } from '../../governance/outcome.ts';
import { countWithUnreadable, decideWithUnreadable } from '../../governance/unreadable.ts';
import type { ProposalState } from '../../governance/types.ts';
import type { ConfigSections, ProposalDeps } from './deps.ts';
import { proposalRoomIds } from './deps.ts';
import { endedMessage, pollEndText, resultMessage, type ApplyPlan } from '../wording/announcements.ts';
import { recountFromRelations } from './votes.ts';
import { toView } from './view.ts';
import { txnId } from './txn.ts';
import { scheduleMilestone, type MilestoneContext } from './hooks.ts';
import { unreadableResultBlocks } from '../wording/unreadable-notices.ts';
import type { Proposal } from '../../storage/proposals.ts';
import { jobOf } from '../job-kinds.ts';
import { cancelObsoleteJobs } from './obsolete-jobs.ts';

/** A close (staff, the deadline, a poll end): the state change and its job, then the runners woken. */
export type CloseContext = Pick<ProposalDeps, 'store' | 'now' | 'kick'>;
/** The count job: the polls ended and read back, the outcome stored, its announcements and milestone queued. */
export type CountContext = MilestoneContext & Pick<ProposalDeps, 'rooms' | 'logger' | 'staffRoomIds'>;
/** A result announcement: the counted proposal, and the config that says what happens next (applied, by whom, when). */
export type ResultContext = Pick<ProposalDeps, 'store' | 'rooms' | 'now'> & ConfigSections<'governance' | 'mastodon' | 'matrix'>;
/** A withdrawal or cancel: the state change with its milestone and job, then the runners woken. */
export type EndContext = MilestoneContext & Pick<ProposalDeps, 'kick'>;
/** Its announcement: the polls ended, then a notice in every room of the proposal. */
export type EndedNoticeContext = Pick<ProposalDeps, 'store' | 'rooms' | 'staffRoomIds' | 'memberRoomIds'>;

/** A poll end by staff that closed the vote: that room's poll is ended already, so the bot sends no end there. */
export interface EndedByStaff {
  roomId: string;
  eventId: string;
}

/**
 * Job at the deadline, staff `close`, or a poll end by staff: votes count up to `closedAt` (the deadline, even if the
 * bot was down then; the time of the staff's poll end, not when the bot read it).
 */
export async function closeVote(deps: CloseContext, id: number, by: string, closedAt: number, ended?: EndedByStaff, command?: CommandRef): Promise<Result<ProposalView, ProposalRefusal>> {
  const record = deps.store.proposals.get(id);
  if (!record) return fail({ kind: 'no_such_proposal', id });
  const closed = deps.store.proposals.advance(id, { type: 'close' }, {
    fields: { closedAt },
    jobs: [jobOf('finish_close', id, deps.now(), command ? { command } : {})],
    effects: () => {
      if (ended) deps.store.polls.setEndEvent(id, ended.roomId, ended.eventId, closedAt);
      const detail = ended ? { closedAt, pollEnd: ended.eventId } : { closedAt };
      deps.store.audit.append({ ts: deps.now(), actor: by, roomId: ended?.roomId, action: 'close', proposalId: id, detail });
      // Closed before its deadline: the close and the reminder waiting for it have nothing left to do.
      cancelObsoleteJobs(deps.store, id);
    },
  });
  if (!closed.ok) return fail({ kind: 'not_open_to_close', proposal: proposalRef(record) });
  await deps.kick();
  return ok(toView(deps.store, deps.store.proposals.get(id)!));
}

async function endPolls(deps: Pick<ProposalDeps, 'store' | 'rooms'>, id: number): Promise<void> {
  const view = toView(deps.store, deps.store.proposals.get(id)!);
  for (const poll of deps.store.polls.forProposal(id)) {
    if (!poll.startEventId || poll.endEventId) continue;
    const eventId = await deps.rooms.sendPollEnd(poll.roomId, poll.startEventId, pollEndText(view), txnId('end', id, poll.roomId));
    deps.store.polls.setEndEvent(id, poll.roomId, eventId);
  }
}

/**
 * One announcement job per room; in the room of the command that caused it, the announcement is the reply to that
 * command (the command itself sends nothing), so each event is one message there too.
 */
function scheduleAnnouncements(deps: Pick<ProposalDeps, 'store' | 'now'>, id: number, alsoIn: readonly string[] = [], command?: CommandRef): void {
  const rooms = new Set([...deps.store.polls.forProposal(id).map((poll) => poll.roomId), ...alsoIn, ...(command ? [command.roomId] : [])]);
  for (const roomId of rooms) {
    const payload = command?.roomId === roomId ? { roomId, command } : { roomId };
    deps.store.jobs.schedule(jobOf('announce_result', id, deps.now(), payload));
  }
}

/**
 * Counted, but unreadable votes could change the outcome (governance/unreadable.ts): the proposal stays `closed`, with
 * its tally and result line, and no decision is made.
 */
export function isIncompleteCount(record: Pick<Proposal, 'state' | 'resultLine'>): boolean {
  return record.state === 'closed' && record.resultLine !== undefined;
}

/** Job: end the polls, recount, decide and store the outcome, then queue the result announcements. */
export async function finishClose(deps: CountContext, id: number, command?: CommandRef): Promise<void> {
  const record = deps.store.proposals.get(id);
  if (!record || record.state !== 'closed' || record.closedAt === undefined || isIncompleteCount(record)) return;
  await endPolls(deps, id);
  const countStart = performance.now();
  const added = await recountFromRelations(deps, id);
  const readBackMs = performance.now() - countStart;
  const counted = countWithUnreadable({
    votes: deps.store.votes.votesFor(id),
    unreadable: deps.store.unreadable.listFor(id),
    eligible: new Set(deps.store.eligibility.list(id)),
    closedAt: record.closedAt,
  });
  // For the bench's scale section: every response read back from /relations, then counted by the rules.
  deps.logger.debug({ proposal: id, added, readBackMs: Math.round(readBackMs), countMs: Math.round(performance.now() - countStart) }, 'count at close made');
  const rules = record.rules!;
  const { decision, incomplete, possible } = decideWithUnreadable(counted.tally, record.action, rules);
  const view = toView(deps.store, record);
  const resultLine = formatResultLine({ number: id, action: record.action, domain: view.domain, tally: counted.tally, decision, incomplete });
  if (incomplete) {
    deps.store.transaction(() => {
      if (!deps.store.proposals.update(id, 'closed', { tally: counted.tally, resultLine })) return;
      const detail = { tally: counted.tally, incomplete: true, possible };
      deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'count', proposalId: id, detail });
      // Staff must learn it even when every staff room is encrypted (and so had no poll).
      scheduleAnnouncements(deps, id, deps.staffRoomIds, command);
    });
    deps.logger.warn({ proposal: id, tally: counted.tally, possible }, 'vote counted incomplete: unreadable responses could change the outcome');
    return;
  }
  deps.store.proposals.advance(id, { type: 'count', outcome: decision.outcome }, {
    fields: { tally: counted.tally, resultLine },
    effects: () => {
      deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'count', proposalId: id, detail: { tally: counted.tally, outcome: decision.outcome } });
      scheduleAnnouncements(deps, id, [], command);
      scheduleMilestone(deps, 'counted', id);
    },
  });
}

/** The same rule as the apply hook (bot/decisions/hook.ts): the grace period runs from the close. */
function applyPlan(deps: Pick<ResultContext, 'now' | 'config'>, closedAt: number | undefined): ApplyPlan {
  const g = deps.config.governance;
  if (!deps.config.mastodon) return { kind: 'none' };
  if (!g.autoApply) return { kind: 'staff', prefix: deps.config.matrix.commandPrefix };
  return { kind: 'auto', at: g.applyGracePeriod > 0 ? (closedAt ?? deps.now()) + g.applyGracePeriod : undefined };
}

export async function announceResult(deps: ResultContext, id: number, roomId: string, command?: CommandRef): Promise<void> {
  const record = deps.store.proposals.get(id)!;
  const view = toView(deps.store, record);
  if (!view.resultLine) return;
  const incomplete = isIncompleteCount(record);
  const possible = view.tally && view.rules ? decideWithUnreadable(view.tally, view.action, view.rules).possible : [];
  const extra = unreadableResultBlocks(view, incomplete, possible);
  await deps.rooms.sendNotice(roomId, resultMessage(view, view.resultLine, applyPlan(deps, record.closedAt), extra), txnId('result', id, roomId), command?.eventId);
}

/** Withdraw (by the proposer) or cancel (by staff): no count; the polls are ended so clients stop offering them. */
export async function endWithoutCount(
  deps: EndContext,
  id: number,
  by: string,
  to: Extract<ProposalState, 'withdrawn' | 'cancelled'>,
  reason?: string,
  command?: CommandRef,
): Promise<Result<ProposalView, ProposalRefusal>> {
  const record = deps.store.proposals.get(id);
  if (!record) return fail({ kind: 'no_such_proposal', id });
  const proposal = proposalRef(record);
  if (to === 'withdrawn' && record.proposer !== by) return fail({ kind: 'not_the_proposer', proposal, proposer: record.proposer });
  const event = to === 'withdrawn' ? 'withdraw' : 'cancel';
  const ended = deps.store.proposals.advance(id, { type: event }, {
    fields: { closedAt: deps.now() },
    effects: () => {
      deps.store.audit.append({ ts: deps.now(), actor: by, action: event, proposalId: id, detail: { reason } });
      scheduleMilestone(deps, 'ended', id);
      deps.store.jobs.schedule(jobOf('end_without_count', id, deps.now(), { reason, ...(command ? { command } : {}) }));
      cancelObsoleteJobs(deps.store, id);
    },
  });
  if (!ended.ok) return fail({ kind: 'already_ended', proposal, to });
  await deps.kick();
  return ok(toView(deps.store, deps.store.proposals.get(id)!));
}

/**
 * Job: end the polls, then announce the withdrawal or cancel (with its reason) once in every room of the proposal,
 * also one still waiting for seconds (it had no poll, but was announced as recorded); in the command's room, as its
 * answer. Each room's notice has its own transaction id, so a retry after a crash sends none twice.
 */
export async function finishEndWithoutCount(deps: EndedNoticeContext, id: number, reason?: string, command?: CommandRef): Promise<void> {
  await endPolls(deps, id);
  const view = toView(deps.store, deps.store.proposals.get(id)!);
  const why = view.state === 'withdrawn' ? `was withdrawn by its proposer, ${view.proposer}` : `was cancelled by staff${reason ? `: ${reason}` : ' (no reason given)'}`;
  const rooms = new Set([...proposalRoomIds(deps), ...deps.store.polls.forProposal(id).map((poll) => poll.roomId), ...(command ? [command.roomId] : [])]);
  for (const roomId of rooms) {
    const replyTo = command?.roomId === roomId ? command.eventId : undefined;
    await deps.rooms.sendNotice(roomId, endedMessage(view, why), txnId('ended', id, roomId), replyTo);
  }
}
