// Other capabilities (pledges, the decision log, the policy room, applying blocks) react to a proposal's milestones.
// A milestone is recorded as a job in the same transaction as the state change that causes it, so a crash cannot
// lose it; each hook must therefore be idempotent (it may run again after a crash mid-way).
import type { ProposalDeps } from './deps.ts';
import { jobOf, type Milestone, type PayloadOf } from '../job-kinds.ts';

export type { Milestone } from '../job-kinds.ts';
export type { ProposalHook } from './milestones.ts';

/** What scheduling a milestone touches: one job per subscriber, in the store. */
export type MilestoneContext = Pick<ProposalDeps, 'store' | 'now' | 'hooks'>;

/** Call inside the transaction that changes the state. */
export function scheduleMilestone(deps: MilestoneContext, milestone: Milestone, proposalId: number): void {
  for (const hook of deps.hooks()) deps.store.jobs.schedule(jobOf('milestone', proposalId, deps.now(), { milestone, hook: hook.name }));
}

/** Job handler: one job per hook, so one failing hook is retried without re-running the others. */
export async function runMilestone(deps: Pick<ProposalDeps, 'hooks' | 'logger'>, proposalId: number, payload: PayloadOf<'milestone'>): Promise<void> {
  const hook = deps.hooks().find((h) => h.name === payload.hook);
  if (!hook) {
    deps.logger.warn({ hook: payload.hook, proposal: proposalId }, 'no hook of that name is registered; milestone skipped');
    return;
  }
  await hook.on(payload.milestone, proposalId);
}
