// Which decision stands for each domain: the one place that answers it for proposing, applying, drift and import.
import type { DecisionToApply, StandingDecision } from '../../governance/apply-plan.ts';
import { foldStanding, type StandingEntry } from '../../governance/standing.ts';
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

/**
 * The stored proposals as the log's entries (governance/standing.ts reads them): the approved ones by close time,
 * then number; those applied by the time of their application; their applied second stages. Unlike the log, it
 * has a decision from the moment it is approved, and is keyed by the real domain (obfuscated or not).
 */
function storedEntries(store: Store, approved: readonly Proposal[]): StandingEntry[] {
  const order = (at: (p: Proposal) => number) => (a: Proposal, b: Proposal) => at(a) - at(b) || a.id - b.id;
  const decisions = [...approved].sort(order((p) => p.closedAt ?? p.createdAt)).map((p): StandingEntry => ({
    kind: 'decision', number: p.id, domain: p.domain, domainDigest: p.domain, obfuscated: p.obfuscate, action: p.action, outcome: 'approved', imported: p.proposer === IMPORTED_BY,
  }));
  const applied = approved.filter((p) => p.state === 'applied').sort(order((p) => p.appliedAt ?? 0)).map((p): StandingEntry => ({
    kind: 'applied', number: p.id, appliedAt: new Date(p.appliedAt ?? 0).toISOString(),
  }));
  const stages = approved.flatMap((p): StandingEntry[] => {
    const stage = store.plans.get(p.id)?.secondStage;
    return stage?.status === 'applied' ? [{ kind: 'stage', number: p.id, action: stage.action, outcome: 'applied', at: new Date(stage.doneAt ?? 0).toISOString() }] : [];
  });
  return [...decisions, ...applied, ...stages];
}

/** Per domain the latest standing decision (by close time, then number), a lift included, at the action in force. */
export function standingDecisions(store: Store): StandingDecision[] {
  const approved = store.proposals.listInStates(STANDING);
  const byId = new Map(approved.map((p) => [p.id, p]));
  return [...foldStanding(storedEntries(store, approved)).values()].map(({ decided }) => {
    const p = byId.get(decided.number)!;
    return { ...decisionOf(p), action: decided.action, imported: decided.imported, awaitingApply: p.state !== 'applied' };
  });
}
