// What a capability reacting to a proposal's milestones declares (hooks.ts schedules and runs them), apart from the
// workflow's context (deps.ts) so that neither needs the other.
import type { ProposalView } from '../contracts/ports.ts';

import type { Milestone } from '../job-kinds.ts';

export interface ProposalHook {
  /** For logs: which capability this is. */
  name: string;
  on(milestone: Milestone, proposalId: number): Promise<void> | void;
  /** A line for the poll's notice when the proposal opens (the pledges at stake, say); undefined for none. */
  noticeLine?(proposal: Pick<ProposalView, 'action' | 'domain'>): Promise<string | undefined> | string | undefined;
}
