// The decision log's entries, their canonical JSON, the hash chain and its verification. Pure; docs/LOG-FORMAT.md
// is the specification this file implements (keep the two in step).
import { createHash } from 'node:crypto';
import type { Action, Tally } from './types.ts';

export const LOG_FORMAT = 'fedimoot-decision-log';
export const LOG_VERSION = 1;

export interface DecisionEntry {
  kind: 'decision';
  /** The proposal number. */
  number: number;
  /** The domain, or its obfuscated form when `obfuscated`. */
  domain: string;
  /** SHA-256 (hex) of the real domain, so holders of the domain can match an obfuscated entry. */
  domainDigest: string;
  obfuscated: boolean;
  action: Action;
  rejectMedia: boolean;
  rejectReports: boolean;
  reason: string | null;
  evidence: string[];
  proposer: string;
  /** ISO 8601 UTC with milliseconds; null when there was no vote (imported). */
  openedAt: string | null;
  closedAt: string;
  quorum: { minVoters: number; minTurnoutPercent: number } | null;
  /** The threshold of this action, as a fraction such as "2/3". */
  threshold: string | null;
  tally: Tally | null;
  outcome: 'approved' | 'rejected' | 'no_quorum' | 'withdrawn' | 'cancelled';
  resultLine: string | null;
  /** The earlier decision on the same domain this one replaces. */
  supersedes: number | null;
  /** Recorded from the instance's existing blocks by `fedimoot import`, not voted. */
  imported: boolean;
}

export interface AppliedEntry {
  kind: 'applied';
  number: number;
  appliedAt: string;
  mastodonBlockId: string | null;
}

export type EntryBody = DecisionEntry | AppliedEntry;
export type ChainedEntry = EntryBody & { seq: number; prevHash: string | null };
export type HashedEntry = ChainedEntry & { hash: string };

/** JSON with object keys sorted (by UTF-16 code units), no whitespace; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON has no NaN or Infinity');
    if (value === undefined) throw new Error('canonical JSON has no undefined; use null');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256, lowercase hex, of the UTF-8 bytes of the canonical JSON of everything but `hash`. */
export function entryHash(entry: ChainedEntry | HashedEntry): string {
  const { hash: _ignored, ...rest } = entry as HashedEntry;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

export function chain(body: EntryBody, previous: { seq: number; hash: string } | undefined): HashedEntry {
  const chained: ChainedEntry = { ...body, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? null };
  return { ...chained, hash: entryHash(chained) };
}

export type ChainProblem = 'modified' | 'removed' | 'reordered' | 'inserted';

export type ChainVerdict =
  | { intact: true; entries: number; head: string | null }
  | { intact: false; problem: ChainProblem; position: number; seq: unknown; explanation: string };

/**
 * Checks every entry's hash and that each follows the one before it. `position` is 1-based in the given list.
 * A changed entry whose hash was not recomputed is `modified`; one that was rehashed breaks the next link and shows
 * as `removed` (the entry the next one follows is not there any more).
 */
export function verifyChain(entries: readonly HashedEntry[]): ChainVerdict {
  const positionOf = new Map(entries.map((e, i) => [e.hash, i]));
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const where = { position: i + 1, seq: entry.seq };
    if (entryHash(entry) !== entry.hash) {
      return { intact: false, problem: 'modified', ...where, explanation: `entry ${i + 1} (seq ${String(entry.seq)}) was changed after it was hashed` };
    }
    const expected = i === 0 ? null : entries[i - 1]!.hash;
    if (entry.prevHash === expected) continue;
    if (i >= 2 && entry.prevHash === entries[i - 2]!.hash) {
      const inserted = entries[i - 1]!;
      return { intact: false, problem: 'inserted', position: i, seq: inserted.seq, explanation: `entry ${i} (seq ${String(inserted.seq)}) was inserted: the entry after it follows the one before it` };
    }
    const found = entry.prevHash === null ? undefined : positionOf.get(entry.prevHash);
    if (found !== undefined) {
      return { intact: false, problem: 'reordered', ...where, explanation: `entry ${i + 1} (seq ${String(entry.seq)}) follows entry ${found + 1}, not the one before it: the entries were reordered` };
    }
    return {
      intact: false,
      problem: 'removed',
      ...where,
      explanation: `the entry that entry ${i + 1} (seq ${String(entry.seq)}) follows is missing: an entry before it was removed (or changed and rehashed)`,
    };
  }
  return { intact: true, entries: entries.length, head: entries.at(-1)?.hash ?? null };
}
