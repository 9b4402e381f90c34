// Staged cuts and review dates at work: when a staged decision is applied its second stage and reminder are
// scheduled; a later approved decision on the domain supersedes a pending stage (with a note); on its date the second
// stage goes through the apply path of every decision and into the log; review reminders go out once.
// Every reminder and every end of a stage is written (with its notice queued as a job) in one transaction before any
// message is sent or the instance is called, so a crash neither repeats nor loses one.
import { stageEntry } from '../../governance/stage-entry.ts';
import { reviewDueAt, stageSchedule, supersedingDecision, type DecisionRef } from '../../governance/stages.ts';
import type { Action } from '../../governance/types.ts';
import { reviewReminderLines, stageAppliedLines, stageFailedLines, stageReminderLines, stageSupersededLines, type StageFacts } from '../wording/stage-words.ts';
import type { Proposal } from '../../storage/proposals.ts';
import { carryOutAs, type CarryOutContext } from '../decisions/apply.ts';
import { queueNotice, type NoticeContext } from '../decisions/notices.ts';
import { InstanceError } from '../mastodon/gateway.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';
import { scheduleMilestone, type MilestoneContext, type ProposalHook } from '../proposals/hooks.ts';
import { appendEntry } from '../publish/log-writer.ts';
import { jobOf } from '../job-kinds.ts';

/**
 * Peer watch (issue 13, built beside this) answers how many watched peers block a domain now; until it is wired,
 * review reminders speak of the votes alone.
 */
export type PeersNow = (domain: string) => { blocking: number; watched: number } | undefined;

/** On a milestone: the second stage and review scheduled, earlier pending stages superseded (with their notes). */
export type StagesHookContext = NoticeContext & Pick<ProposalDeps, 'kick'> & ConfigSections<'governance'>;
/** A reminder (of a second stage, of a review): its mark and its notice to everyone. */
export type StageReminderContext = NoticeContext & Pick<ProposalDeps, 'kick'> & ConfigSections<'matrix'>;
/** A due second stage: carried out on the instance like any decision, logged, told, its milestone scheduled. */
export type StageApplyContext = CarryOutContext & MilestoneContext & Pick<ProposalDeps, 'kick'>;

const decisionRef = (p: Proposal): DecisionRef => ({ number: p.id, domain: p.domain, decidedAt: p.closedAt ?? p.updatedAt });

function facts(p: Proposal, then: Action): StageFacts {
  return { id: p.id, domain: p.domain, first: p.action, then };
}

/** The approved decisions on the proposal's domain decided after it. */
function laterApproved(deps: Pick<ProposalDeps, 'store'>, p: Proposal): Proposal | undefined {
  const approved = deps.store.proposals.listByDomain(p.domain).filter((q) => q.outcome === 'approved');
  const later = supersedingDecision(decisionRef(p), approved.map(decisionRef));
  return later && approved.find((q) => q.id === later.number);
}

/** Ends a pending stage as superseded by `by`: the plan, the log entry and the note in one transaction. */
function supersede(deps: NoticeContext, p: Proposal, then: Action, by: Proposal): void {
  deps.store.transaction(() => {
    if (!deps.store.plans.finishStage(p.id, 'superseded', deps.now(), by.id)) return;
    appendEntry(deps.store, p.id, stageEntry(p.id, then, deps.now(), { supersededBy: by.id }));
    queueNotice(deps, 'everyone', 'stage-superseded', p.id, stageSupersededLines(facts(p, then), { id: by.id, action: by.action }));
    for (const job of deps.store.jobs.listForProposal(p.id)) {
      if (job.state === 'pending' && (job.kind === 'stage_apply' || job.kind === 'stage_remind')) deps.store.jobs.cancel(job.id);
    }
  });
}

/** Schedules the second stage and its reminder of a decision just applied. Call in a transaction. */
function scheduleStage(deps: Pick<ProposalDeps, 'store'> & ConfigSections<'governance'>, p: Proposal): void {
  const stage = deps.store.plans.get(p.id)?.secondStage;
  if (!stage || stage.status !== 'pending' || p.appliedAt === undefined) return;
  const lead = deps.config.governance.stageReminderBefore;
  const { dueAt, remindAt } = stageSchedule(p.appliedAt, stage, lead);
  if (lead > 0) deps.store.jobs.schedule(jobOf('stage_remind', p.id, remindAt, { dueAt }));
  deps.store.jobs.schedule(jobOf('stage_apply', p.id, dueAt, {}));
}

/** Schedules the review reminder of a decision just approved, if it has a review date. Call in a transaction. */
function scheduleReview(deps: Pick<ProposalDeps, 'store'> & ConfigSections<'governance'>, p: Proposal): void {
  const dueAt = reviewDueAt(p.closedAt ?? p.updatedAt, deps.store.plans.get(p.id)?.reviewAfterMs, deps.config.governance.reviewAfter);
  if (dueAt === undefined) return;
  deps.store.jobs.schedule(jobOf('review_remind', p.id, dueAt, {}));
}

export function stagesHook(deps: StagesHookContext): ProposalHook {
  return {
    name: 'stages',
    on(milestone, id) {
      const p = deps.store.proposals.get(id);
      if (!p) return;
      if (milestone === 'applied') deps.store.transaction(() => scheduleStage(deps, p));
      if (milestone !== 'counted' || p.outcome !== 'approved') return;
      deps.store.transaction(() => scheduleReview(deps, p));
      // A newer vote on the domain speaks for it: earlier pending stages there end now.
      for (const plan of deps.store.plans.listPendingStages()) {
        const earlier = deps.store.proposals.get(plan.proposalId);
        if (earlier && earlier.id !== p.id && earlier.domain === p.domain && laterApproved(deps, earlier)?.id === p.id) supersede(deps, earlier, plan.secondStage!.action, p);
      }
      void deps.kick();
    },
  };
}

export async function remindStage(deps: StageReminderContext, id: number, dueAt: number): Promise<void> {
  const p = deps.store.proposals.get(id);
  const stage = deps.store.plans.get(id)?.secondStage;
  if (!p || stage?.status !== 'pending') return;
  deps.store.transaction(() => {
    if (!deps.store.plans.markStageReminded(id, deps.now())) return;
    queueNotice(deps, 'everyone', 'stage-reminder', id, stageReminderLines(facts(p, stage.action), dueAt, deps.now(), deps.config.matrix.commandPrefix));
  });
  await deps.kick();
}

/** Applies a due second stage, unless a later approved decision superseded it. Transient failures throw (retried). */
export async function applyStage(deps: StageApplyContext, id: number): Promise<void> {
  const p = deps.store.proposals.get(id);
  const stage = deps.store.plans.get(id)?.secondStage;
  if (!p || stage?.status !== 'pending' || !deps.instance) return;
  const later = laterApproved(deps, p);
  if (later) {
    supersede(deps, p, stage.action, later);
    await deps.kick();
    return;
  }
  try {
    const done = await carryOutAs(deps, p, stage.action);
    deps.store.transaction(() => {
      if (!deps.store.plans.finishStage(id, 'applied', deps.now())) return;
      appendEntry(deps.store, id, stageEntry(id, stage.action, deps.now(), { mastodonBlockId: done.blockId }));
      deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'stage_applied', proposalId: id, detail: { action: stage.action, did: done.did, blockId: done.blockId } });
      queueNotice(deps, 'everyone', 'stage-applied', id, stageAppliedLines(facts(p, stage.action), done.did));
      scheduleMilestone(deps, 'stage_applied', id);
    });
  } catch (error) {
    if (!(error instanceof InstanceError) || error.kind !== 'permanent') throw error;
    deps.store.transaction(() => {
      deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'stage_failed', proposalId: id, detail: { error: error.message } });
      queueNotice(deps, 'staff', `stage-failed-${deps.now()}`, id, stageFailedLines(facts(p, stage.action), error.message));
    });
  }
  await deps.kick();
}

export async function remindReview(deps: StageReminderContext, id: number, peersNow: PeersNow | undefined): Promise<void> {
  const p = deps.store.proposals.get(id);
  // A decision a later vote replaced is not reviewed: the later one is.
  if (!p || p.outcome !== 'approved' || laterApproved(deps, p)) return;
  const lines = reviewReminderLines(
    { id, domain: p.domain, action: p.action, decidedAt: p.closedAt ?? p.updatedAt, tally: p.tally, peersNow: peersNow?.(p.domain) },
    deps.config.matrix.commandPrefix,
  );
  deps.store.transaction(() => {
    if (!deps.store.plans.markReviewReminded(id, deps.now())) return;
    queueNotice(deps, 'everyone', 'review-due', id, lines);
  });
  await deps.kick();
}
