// Decisions against the instance's blocks: which decision stands per domain, and where the two differ.
import { computeDrift, type DriftItem, type StandingDecision } from '../../governance/apply-plan.ts';
import type { Store } from '../../storage/store.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { InstanceGateway } from '../mastodon/gateway.ts';
import { decisionOf } from './apply.ts';

/** Decisions that stand: approved (applied, on the way, or failed to apply). */
const STANDING = ['approved', 'applying', 'applied', 'apply_failed'] as const;

export const IMPORTED_BY = 'fedimoot import';

export function standingDecisions(store: Store): StandingDecision[] {
  const latest = new Map<string, Proposal>();
  for (const p of store.proposals.listInStates(STANDING)) {
    const seen = latest.get(p.domain);
    const at = (x: Proposal) => x.closedAt ?? x.createdAt;
    if (!seen || at(p) > at(seen) || (at(p) === at(seen) && p.id > seen.id)) latest.set(p.domain, p);
  }
  return [...latest.values()].map((p) => ({ ...decisionOf(p), imported: p.proposer === IMPORTED_BY }));
}

export async function findDrift(store: Store, instance: InstanceGateway): Promise<{ items: DriftItem[]; blocks: number }> {
  const [blocks, suspendOnly] = await Promise.all([instance.listBlocks(), instance.suspendOnly()]);
  return { items: computeDrift(standingDecisions(store), blocks, suspendOnly), blocks: blocks.length };
}
