// What stands per domain, as one rule over the decision log's entries (docs/LOG-FORMAT.md): the decision the
// community made last, and the block in force on the instance. The published forms (CSV, feeds, HTML, the policy
// room) fold the log itself; drift, new proposals and import fold the same entries made from the stored proposals
// (bot/proposals/standing.ts), since they must also see a decision whose log entry is not written yet. Pure.
import type { AppliedEntry, DecisionEntry } from './log-entry.ts';
import type { StageEntry } from './stage-entry.ts';
import type { Action } from './types.ts';

/**
 * The part of each log entry the fold reads. Entries come in log order; `imported` blocks are decisions too.
 * `domainDigest` serves only as the domain's key: the log's digest, or any other one-to-one name of the domain.
 */
export type StandingEntry =
  | Pick<DecisionEntry, 'kind' | 'number' | 'domain' | 'domainDigest' | 'obfuscated' | 'action' | 'outcome' | 'imported'>
  | Pick<AppliedEntry, 'kind' | 'number' | 'appliedAt'>
  | Pick<StageEntry, 'kind' | 'number' | 'action' | 'outcome' | 'at'>;

/** One approved decision as it stands. */
export interface Stand {
  number: number;
  /** As the entry names it: the obfuscated form when `obfuscated`. */
  domain: string;
  obfuscated: boolean;
  imported: boolean;
  /** What it does now: its own action, or its second stage's once that was applied (a stricter cut). */
  action: Action;
  /** When its block took force on the instance (its `applied` entry); undefined while it waits to be applied. */
  since?: string;
  /** When its second stage took force, if it did. */
  stageSince?: string;
}

export interface DomainStanding {
  domainDigest: string;
  /** The latest approved decision on the domain, a lift included, applied or not. */
  decided: Stand;
  /**
   * The block in force: the decision applied last, unless that was a lift. Not always `decided`: a newer decision
   * may still wait to be applied (or have failed to).
   */
  inForce?: Stand;
}

/**
 * Per domain digest, what stands. Later entries win: a decision entry over an earlier one on the domain, an
 * `applied` entry over an earlier one. A `stage` entry that applied a second stage moves its decision to that
 * stage's action; a superseded stage changes nothing (the later vote that superseded it stands instead).
 */
export function foldStanding(entries: Iterable<StandingEntry>): Map<string, DomainStanding> {
  const stands = new Map<number, Stand & { digest: string }>();
  const byDigest = new Map<string, { decided: Stand; inForce?: Stand }>();
  for (const entry of entries) {
    if (entry.kind === 'decision') {
      if (entry.outcome !== 'approved') continue;
      const { number, domain, obfuscated, imported, action } = entry;
      const stand = { number, domain, obfuscated, imported, action, digest: entry.domainDigest };
      stands.set(number, stand);
      const seen = byDigest.get(entry.domainDigest);
      if (seen) seen.decided = stand;
      else byDigest.set(entry.domainDigest, { decided: stand });
      continue;
    }
    const stand = stands.get(entry.number);
    if (!stand) continue;
    if (entry.kind === 'applied') {
      stand.since = entry.appliedAt;
      byDigest.get(stand.digest)!.inForce = stand;
    } else if (entry.outcome === 'applied') {
      stand.action = entry.action;
      stand.stageSince = entry.at;
    }
  }
  const result = new Map<string, DomainStanding>();
  for (const [domainDigest, { decided, inForce }] of byDigest) {
    result.set(domainDigest, { domainDigest, decided: plain(decided)!, ...(inForce && inForce.action !== 'lift' ? { inForce: plain(inForce) } : {}) });
  }
  return result;
}

function plain(stand: (Stand & { digest?: string }) | undefined): Stand | undefined {
  if (!stand) return undefined;
  const { digest: _digest, ...rest } = stand;
  return rest;
}

/** The blocks in force, one per domain (lifted and never applied domains have none). */
export function standsInForce(standing: ReadonlyMap<string, DomainStanding>): Stand[] {
  return [...standing.values()].flatMap((s) => (s.inForce ? [s.inForce] : []));
}
