// Which decision stands for each domain: the one place that answers it for proposing, applying, drift and import.
import type { DecisionToApply, StandingDecision } from '../../governance/apply-plan.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { Store } from '../../storage/store.ts';

/** Decisions that stand: approved (applied, on the way, or failed to apply). */
const STANDING = ['approved', 'applying', 'applied', 'apply_failed'] as const;

/** The proposer of decisions recorded from the instance's existing blocks, not voted. */
export const IMPORTED_BY = 'fedimoot import';

export function decisionOf(p: Proposal): DecisionToApply {
  return {
    proposalId: p.id,
    domain: p.domain,
    action: p.action,
    rejectMedia: p.rejectMedia,
    rejectReports: p.rejectReports,
    obfuscate: p.obfuscate,
    publicComment: p.publicReason,
    privateComment: p.privateComment,
  };
}

/** Per domain the latest standing decision (by close time, then number), a lift included. */
export function standingDecisions(store: Store): StandingDecision[] {
  const latest = new Map<string, Proposal>();
  for (const p of store.proposals.listInStates(STANDING)) {
    const seen = latest.get(p.domain);
    const at = (x: Proposal) => x.closedAt ?? x.createdAt;
    if (!seen || at(p) > at(seen) || (at(p) === at(seen) && p.id > seen.id)) latest.set(p.domain, p);
  }
  return [...latest.values()].map((p) => ({ ...decisionOf(p), action: actionInForce(store, p), imported: p.proposer === IMPORTED_BY, awaitingApply: p.state !== 'applied' }));
}

/** A staged decision whose second stage was applied stands for that stricter cut. */
function actionInForce(store: Store, p: Proposal): Proposal['action'] {
  const stage = store.plans.get(p.id)?.secondStage;
  return stage?.status === 'applied' ? stage.action : p.action;
}
