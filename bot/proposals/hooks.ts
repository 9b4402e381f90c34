// Other capabilities (pledges, the decision log, the policy room, applying blocks) react to a proposal's milestones.
// A milestone is recorded as a job in the same transaction as the state change that causes it, so a crash cannot
// lose it; each hook must therefore be idempotent (it may run again after a crash mid-way).
import type { ProposalDeps } from './deps.ts';

/**
 * - `opened`: the poll is open (eligibility and rules fixed).
 * - `counted`: the vote was counted; the proposal is approved, rejected or no_quorum.
 * - `ended`: withdrawn or cancelled without a count.
 * - `applied`: an approved decision is on the instance (or recorded as applied without one).
 * - `apply_failed`: applying was given up; staff were told.
 * - `imported`: the instance's existing blocks were recorded as prior decisions (named: the last one recorded).
 */
/** `stage_applied`: a staged decision's second stage is in force (its severity changed, see bot/stages). */
export type Milestone = 'opened' | 'counted' | 'ended' | 'applied' | 'apply_failed' | 'imported' | 'stage_applied';

export interface ProposalHook {
  /** For logs: which capability this is. */
  name: string;
  on(milestone: Milestone, proposalId: number): Promise<void> | void;
}

/** Call inside the transaction that changes the state. */
export function scheduleMilestone(deps: ProposalDeps, milestone: Milestone, proposalId: number): void {
  for (const hook of deps.hooks) {
    deps.store.jobs.schedule({
      kind: 'milestone',
      proposalId,
      runAt: deps.now(),
      payload: { milestone, hook: hook.name },
      key: `milestone:${milestone}:${proposalId}:${hook.name}`,
    });
  }
}

/** Job handler: one job per hook, so one failing hook is retried without re-running the others. */
export async function runMilestone(deps: ProposalDeps, proposalId: number, payload: Record<string, unknown>): Promise<void> {
  const hook = deps.hooks.find((h) => h.name === payload.hook);
  if (!hook) {
    deps.logger.warn({ hook: payload.hook, proposal: proposalId }, 'no hook of that name is registered; milestone skipped');
    return;
  }
  await hook.on(payload.milestone as Milestone, proposalId);
}
