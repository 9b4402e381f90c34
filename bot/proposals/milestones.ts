// The milestones of a proposal other capabilities react to (hooks.ts schedules and runs them), apart from the
// workflow's context (deps.ts) so that neither needs the other.
import type { ProposalView } from '../contracts/ports.ts';

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
  /** A line for the poll's notice when the proposal opens (the pledges at stake, say); undefined for none. */
  noticeLine?(proposal: Pick<ProposalView, 'action' | 'domain'>): Promise<string | undefined> | string | undefined;
}
