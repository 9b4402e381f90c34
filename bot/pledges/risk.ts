// Which proposals put a pledge at risk. One rule for the pledge command and the milestones, so a pledge made while a
// threat is open and a pledge that was standing when it opened end up the same.
import { breaksCondition } from '../../governance/pledges.ts';
import type { ProposalState } from '../../governance/types.ts';
import type { Pledge, PledgeCondition } from '../../storage/pledges.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { Store } from '../../storage/store.ts';

/** Proposals that can still become a decision that breaks a pledge: voting, being counted, approved and not applied. */
const THREATENING: readonly ProposalState[] = ['open', 'closed', 'approved', 'applying', 'apply_failed'];

/** The proposals that would break `condition` if approved and applied, oldest first. */
export function threatsTo(store: Store, condition: PledgeCondition): Proposal[] {
  // A closed proposal with a result line was counted incomplete (bot/proposals/close.ts isIncompleteCount): no decision
  // will come of it, so it threatens nothing.
  return store.proposals
    .listInStates(THREATENING)
    .filter((p) => !(p.state === 'closed' && p.resultLine !== undefined) && breaksCondition(p.action, p.domain, condition));
}

/** Standing pledges whose condition this proposal would break if approved and applied. */
export function pledgesAtStake(store: Store, p: Pick<Proposal, 'action' | 'domain'>): Pledge[] {
  return store.pledges.listByStatus(['active', 'at_risk']).filter((pledge) => pledge.condition && breaksCondition(p.action, p.domain, pledge.condition));
}
