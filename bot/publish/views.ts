// The published log folded for reading: one item per decision, with when it was applied and what superseded it.
import type { AppliedEntry, DecisionEntry, HashedEntry } from '../../governance/log-entry.ts';
import type { StageEntry } from '../../governance/stage-entry.ts';
import { turnoutPercent } from '../../governance/outcome.ts';
import { foldStanding, standsInForce, type Stand } from '../../governance/standing.ts';

export type PublishedDecision = Omit<DecisionEntry, 'kind'> & {
  seq: number;
  hash: string;
  /** The `applied` entry about this decision, with its own position in the log. */
  applied?: Omit<AppliedEntry, 'kind'> & { seq: number };
  supersededBy?: number;
  /** The `stage` entry of a staged decision: its second stage applied, or superseded. */
  stage?: Omit<StageEntry, 'kind'> & { seq: number };
  /** Set on the decision whose block is the one in force on its domain (governance/standing.ts). */
  inForce?: Stand;
};

/**
 * Newest proposal number first: a stable order that reads like the rooms' numbering (closing order would move a
 * long vote below shorter ones opened after it). `applied` entries, `supersedes` links and
 * which decision is in force are folded in.
 */
export function foldLog(entries: readonly HashedEntry[]): PublishedDecision[] {
  const decisions = new Map<number, PublishedDecision>();
  for (const entry of entries) {
    if (entry.kind === 'decision') {
      const { kind: _kind, prevHash: _prev, ...rest } = entry;
      decisions.set(entry.number, rest);
    } else if (entry.kind === 'stage') {
      const decision = decisions.get(entry.number);
      const { kind: _kind, prevHash: _prev, hash: _hash, ...stage } = entry;
      if (decision) decision.stage = stage;
    } else {
      const decision = decisions.get(entry.number);
      if (decision) decision.applied = { number: entry.number, appliedAt: entry.appliedAt, mastodonBlockId: entry.mastodonBlockId, seq: entry.seq };
    }
  }
  for (const stand of standsInForce(foldStanding(entries))) decisions.get(stand.number)!.inForce = stand;
  for (const decision of decisions.values()) {
    const earlier = decision.supersedes === null ? undefined : decisions.get(decision.supersedes);
    if (earlier) earlier.supersededBy = decision.number;
  }
  return [...decisions.values()].sort((a, b) => b.number - a.number);
}

/**
 * Blocks the decisions keep in force (governance/standing.ts: per domain the decision applied last, at its second
 * stage's severity once that was applied, unless it was a lift), each at the action in force. By domain.
 */
export function blocksInForce(decisions: readonly PublishedDecision[]): PublishedDecision[] {
  return decisions
    .flatMap((d) => (d.inForce ? [{ ...d, action: d.inForce.action }] : []))
    .sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
}

export const ACTION_WORDS = { suspend: 'Suspend', limit: 'Limit', lift: 'Lift the block' } as const;
/** `Suspend threads.net`, `Lift the block on threads.net`. */
export function actionOn(action: DecisionEntry['action'], domain: string): string {
  return action === 'lift' ? `Lift the block on ${domain}` : `${ACTION_WORDS[action]} ${domain}`;
}

export const OUTCOME_WORDS = {
  approved: 'Approved',
  rejected: 'Rejected',
  no_quorum: 'No quorum',
  withdrawn: 'Withdrawn',
  cancelled: 'Cancelled',
} as const;

export function turnout(d: PublishedDecision): string | undefined {
  if (!d.tally || d.tally.eligible === 0) return undefined;
  // As in the announced result line: spoiled votes count as taking part.
  const voted = d.tally.cast + d.tally.spoiled + (d.tally.unreadable ?? 0);
  return `${voted} of ${d.tally.eligible} eligible voted (${turnoutPercent(voted, d.tally.eligible)}%)`;
}

/** `2026-11-24 12:00 UTC` */
export function shortTime(isoTime: string): string {
  return `${isoTime.replace('T', ' ').slice(0, 16)} UTC`;
}

/** When the log last changed in a way readers see: the newest decision's close or application. */
export function lastChange(entries: readonly HashedEntry[]): string | undefined {
  let latest: string | undefined;
  for (const e of entries) {
    const when = e.kind === 'applied' ? e.appliedAt : e.kind === 'stage' ? e.at : e.closedAt;
    if (latest === undefined || when > latest) latest = when;
  }
  return latest;
}
