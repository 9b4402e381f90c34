// Jobs that wait for a later time (the close at the deadline, the reminder before it, an apply after the grace
// period) stop applying when their proposal moves on first: a staff close, a withdrawal, an apply by another job.
// They are cancelled then, and swept at start for databases written before that, so none lingers as pending.
import type { ProposalState } from '../../governance/types.ts';
import type { Store } from '../../storage/store.ts';
import { JOB_KINDS, stillAppliesIn } from '../job-kinds.ts';

/** The job kinds tied to their proposal's state (each declares the states in bot/job-kinds.ts). */
export const PROPOSAL_BOUND_KINDS = Object.keys(JOB_KINDS).filter((kind) => stillAppliesIn(kind) !== undefined);

export function jobStillApplies(kind: string, state: ProposalState | undefined): boolean {
  const states = stillAppliesIn(kind);
  if (!states) return true;
  return state !== undefined && states.includes(state);
}

/** Cancels the pending jobs (of one proposal, or all) that no longer apply; returns how many. Call in a transaction. */
export function cancelObsoleteJobs(store: Store, proposalId?: number): number {
  const pending = proposalId === undefined
    ? store.jobs.pendingOfKinds(PROPOSAL_BOUND_KINDS)
    : store.jobs.listForProposal(proposalId).filter((job) => job.state === 'pending');
  let cancelled = 0;
  for (const job of pending) {
    const state = job.proposalId === undefined ? undefined : store.proposals.get(job.proposalId)?.state;
    if (!jobStillApplies(job.kind, state) && store.jobs.cancel(job.id)) cancelled++;
  }
  return cancelled;
}
