// The published log folded for reading: one item per decision, with when it was applied and what superseded it.
import type { AppliedEntry, DecisionEntry, HashedEntry } from '../../governance/log-entry.ts';

export type PublishedDecision = DecisionEntry & { seq: number; hash: string; applied?: AppliedEntry; supersededBy?: number };

/** Newest decision first. */
export function foldLog(entries: readonly HashedEntry[]): PublishedDecision[] {
  const decisions = new Map<number, PublishedDecision>();
  for (const entry of entries) {
    if (entry.kind === 'decision') {
      const { prevHash: _prev, ...rest } = entry;
      decisions.set(entry.number, { ...rest });
    }
  }
  for (const entry of entries) {
    if (entry.kind !== 'applied') continue;
    const decision = decisions.get(entry.number);
    if (decision) decision.applied = { kind: 'applied', number: entry.number, appliedAt: entry.appliedAt, mastodonBlockId: entry.mastodonBlockId };
  }
  for (const decision of decisions.values()) {
    if (decision.supersedes !== null) {
      const earlier = decisions.get(decision.supersedes);
      if (earlier) earlier.supersededBy = decision.number;
    }
  }
  return [...decisions.values()].sort((a, b) => b.seq - a.seq);
}

/** Blocks the decisions keep in force on the instance: the latest applied decision per domain, unless a lift. */
export function blocksInForce(decisions: readonly PublishedDecision[]): PublishedDecision[] {
  const latest = new Map<string, PublishedDecision>();
  for (const d of decisions) {
    if (d.outcome !== 'approved' || !d.applied) continue;
    const seen = latest.get(d.domainDigest);
    if (!seen || (seen.applied && d.applied.appliedAt > seen.applied.appliedAt) || (d.applied.appliedAt === seen.applied?.appliedAt && d.seq > seen.seq)) {
      latest.set(d.domainDigest, d);
    }
  }
  return [...latest.values()].filter((d) => d.action !== 'lift').sort((a, b) => a.domain.localeCompare(b.domain));
}

export const ACTION_WORDS = { suspend: 'Suspend', limit: 'Limit', lift: 'Lift the block' } as const;
export const OUTCOME_WORDS = {
  approved: 'Approved',
  rejected: 'Rejected',
  no_quorum: 'No quorum',
  withdrawn: 'Withdrawn',
  cancelled: 'Cancelled',
} as const;

export function turnout(d: PublishedDecision): string | undefined {
  if (!d.tally || d.tally.eligible === 0) return undefined;
  const voted = d.tally.cast + d.tally.spoiled;
  return `${voted} of ${d.tally.eligible} eligible voted (${Math.round((voted / d.tally.eligible) * 100)}%)`;
}
