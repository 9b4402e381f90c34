// The decision log's entries, their canonical JSON, the hash chain and its verification. Pure; docs/LOG-FORMAT.md
// is the specification this file implements (keep the two in step).
import { createHash } from 'node:crypto';
import { domainDigest, obfuscateDomain } from './domain.ts';
import { formatDuration } from './duration.ts';
import { formatFraction } from './outcome.ts';
import type { PriorBlock } from './proposal-check.ts';
import type { StageEntry } from './stage-entry.ts';
import type { Action, Outcome, Rules, Tally } from './types.ts';

export const LOG_FORMAT = 'fedimoot-decision-log';
export const LOG_VERSION = 1;

export type DecisionOutcome = Outcome | 'withdrawn' | 'cancelled';

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
  /** ISO 8601 UTC with milliseconds; null when there was no vote (imported, or ended before opening). */
  openedAt: string | null;
  closedAt: string;
  quorum: { minVoters: number; minTurnoutPercent: number } | null;
  /** The threshold of this action, as a fraction such as "2/3". */
  threshold: string | null;
  tally: Tally | null;
  outcome: DecisionOutcome;
  resultLine: string | null;
  /** The earlier approved decision on the same domain this approved one replaces. */
  supersedes: number | null;
  /** Recorded from the instance's existing blocks by `fedimoot import`, not voted. */
  imported: boolean;
  /**
   * Present only when the decision changes a block the instance had without a vote here (it predates fedimoot):
   * what that block was and since when. Absent from every other entry, so earlier entries hash as before.
   */
  priorBlock?: { action: 'suspend' | 'limit'; since: string | null };
  /**
   * Present only on a `cancelled` decision whose staff member gave a reason (`!moot cancel <n> <reason>`, already
   * posted in the proposal's rooms). Absent otherwise, so earlier entries hash as before.
   */
  cancelReason?: string;
  /**
   * Present only on a staged proposal (`--then suspend --after 30d`): the stricter cut that follows the first stage
   * applied, and after how long (as written by formatDuration). Absent otherwise, so earlier entries hash as before.
   */
  secondStage?: { action: Action; after: string };
  /** Present only on an approved decision with a review date (`--review`, governance.reviewAfter): when it is due. */
  reviewAt?: string;
}

/** A later fact about a decision: its block is in force on the instance. */
export interface AppliedEntry {
  kind: 'applied';
  number: number;
  appliedAt: string;
  mastodonBlockId: string | null;
}

export type EntryBody = DecisionEntry | AppliedEntry | StageEntry;
export type ChainedEntry = EntryBody & { seq: number; prevHash: string | null };
export type HashedEntry = ChainedEntry & { hash: string };

/** What a decision entry is built from: a closed proposal's public facts (never private comments or votes). */
export interface DecisionFacts {
  number: number;
  /** The real, normalised domain. */
  domain: string;
  action: Action;
  rejectMedia: boolean;
  rejectReports: boolean;
  obfuscate: boolean;
  publicReason?: string | null;
  publicEvidence: readonly string[];
  proposer: string;
  openedAt?: number;
  closedAt: number;
  rules?: Rules;
  tally?: Tally;
  outcome: DecisionOutcome;
  resultLine?: string;
  /** The decision this one replaces, when the workflow recorded it; otherwise found in `earlier`. */
  supersedes?: number;
  imported: boolean;
  /** The instance's block on the domain when it was proposed. */
  priorBlock?: PriorBlock;
  /** The reason staff gave when cancelling, if any. */
  cancelReason?: string | null;
  secondStage?: { action: Action; afterMs: number };
  /** When an approved decision is due for review (governance/stages.ts reviewDueAt). */
  reviewAt?: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * An obfuscated decision must not name its domain anywhere: in the announced line, the public reason (any case), or
 * an evidence link (such links are left out).
 */
function hideDomain(facts: DecisionFacts, shown: string) {
  const pattern = new RegExp(facts.domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  const hide = (text: string) => (facts.obfuscate ? text.replace(pattern, shown) : text);
  return {
    reason: facts.publicReason == null ? null : hide(facts.publicReason),
    cancelReason: facts.outcome === 'cancelled' && facts.cancelReason ? hide(facts.cancelReason) : undefined,
    resultLine: facts.resultLine === undefined ? null : hide(facts.resultLine),
    evidence: facts.publicEvidence.filter((url) => !facts.obfuscate || !url.toLowerCase().includes(facts.domain)),
  };
}

/** The entry for a decision; `earlier` is the log so far (for `supersedes`). */
export function decisionEntry(facts: DecisionFacts, earlier: readonly EntryBody[]): DecisionEntry {
  const digest = domainDigest(facts.domain);
  const shown = facts.obfuscate ? obfuscateDomain(facts.domain) : facts.domain;
  const visible = hideDomain(facts, shown);
  let supersedes: number | null = null;
  if (facts.outcome === 'approved' && facts.supersedes !== undefined) supersedes = facts.supersedes;
  else if (facts.outcome === 'approved') {
    for (const e of earlier) {
      if (e.kind === 'decision' && e.domainDigest === digest && e.outcome === 'approved' && e.number !== facts.number) supersedes = e.number;
    }
  }
  return {
    kind: 'decision',
    number: facts.number,
    domain: shown,
    domainDigest: digest,
    obfuscated: facts.obfuscate,
    action: facts.action,
    rejectMedia: facts.rejectMedia,
    rejectReports: facts.rejectReports,
    reason: visible.reason,
    evidence: visible.evidence,
    proposer: facts.proposer,
    openedAt: facts.openedAt === undefined ? null : iso(facts.openedAt),
    closedAt: iso(facts.closedAt),
    quorum: facts.rules ? { minVoters: facts.rules.quorum.minVoters, minTurnoutPercent: facts.rules.quorum.minTurnoutPercent } : null,
    threshold: facts.rules ? formatFraction(facts.rules.thresholds[facts.action]) : null,
    tally: facts.tally ? { ...facts.tally } : null,
    outcome: facts.outcome,
    resultLine: visible.resultLine,
    supersedes,
    imported: facts.imported,
    ...(facts.priorBlock && !facts.priorBlock.byVote
      ? { priorBlock: { action: facts.priorBlock.action, since: facts.priorBlock.since ? iso(Date.parse(facts.priorBlock.since)) : null } }
      : {}),
    ...(visible.cancelReason ? { cancelReason: visible.cancelReason } : {}),
    ...(facts.secondStage ? { secondStage: { action: facts.secondStage.action, after: formatDuration(facts.secondStage.afterMs) } } : {}),
    ...(facts.reviewAt !== undefined && facts.outcome === 'approved' ? { reviewAt: iso(facts.reviewAt) } : {}),
  };
}

export function appliedEntry(number: number, appliedAt: number, mastodonBlockId: string | undefined): AppliedEntry {
  return { kind: 'applied', number, appliedAt: iso(appliedAt), mastodonBlockId: mastodonBlockId ?? null };
}

/** JSON with object keys sorted (by UTF-16 code units), no whitespace; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON has no NaN or Infinity');
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new Error(`canonical JSON has no ${typeof value}; use null`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256, lowercase hex, of the UTF-8 bytes of the canonical JSON of everything but `hash`. */
export function entryHash(entry: object): string {
  const { hash: _ignored, ...rest } = entry as { hash?: unknown };
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

export function chain(body: EntryBody, previous: { seq: number; hash: string } | undefined): HashedEntry {
  const chained: ChainedEntry = { ...body, seq: (previous?.seq ?? 0) + 1, prevHash: previous?.hash ?? null };
  return { ...chained, hash: entryHash(chained) };
}

export type ChainProblem = 'modified' | 'removed' | 'reordered' | 'inserted';

export type ChainVerdict =
  | { intact: true; entries: number; head: string | null }
  /** `position` is 1-based in the list given; `seq` is what that entry claims. */
  | { intact: false; problem: ChainProblem; position: number; seq: unknown; explanation: string };

interface Linked {
  seq?: unknown;
  prevHash?: unknown;
  hash: string;
}

function isLinked(value: unknown): value is Linked {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Linked).hash === 'string';
}

/**
 * Checks every entry's hash and link in order and names the first problem (docs/LOG-FORMAT.md, "What a verifier
 * reports"). Where entry i does not follow entry i-1, the link it does name tells what happened: an entry further
 * down (reordered), a later entry that follows i-1 or a link back past i-1 (inserted), nothing at all with the
 * sequence numbers still consecutive (i-1 was changed and rehashed: modified), or nothing with a gap (removed).
 */
export function verifyChain(entries: readonly unknown[]): ChainVerdict {
  const firstIndex = new Map<string, number>();
  entries.forEach((e, i) => {
    if (isLinked(e) && !firstIndex.has(e.hash)) firstIndex.set(e.hash, i);
  });
  const broken = (problem: ChainProblem, index: number, explanation: string): ChainVerdict => ({
    intact: false,
    problem,
    position: index + 1,
    seq: isLinked(entries[index]) ? (entries[index] as Linked).seq : undefined,
    explanation,
  });
  const name = (index: number): string => {
    const e = entries[index];
    return isLinked(e) && e.seq !== undefined ? `entry ${index + 1} (seq ${String(e.seq)})` : `entry ${index + 1}`;
  };

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (!isLinked(entry)) return broken('modified', i, `${name(i)} is not a log entry (an object with a "hash")`);
    if (entryHash(entry) !== entry.hash) return broken('modified', i, `${name(i)} was changed after it was hashed`);
    const copyOf = firstIndex.get(entry.hash)!;
    if (copyOf < i) return broken('inserted', i, `${name(i)} is a second copy of ${name(copyOf)}`);
    const previous = i === 0 ? undefined : (entries[i - 1] as Linked);
    if (entry.prevHash === (previous?.hash ?? null)) continue;

    const linkedTo = typeof entry.prevHash === 'string' ? firstIndex.get(entry.prevHash) : undefined;
    if (linkedTo !== undefined && linkedTo > i) {
      return broken('reordered', i, `${name(i)} follows ${name(linkedTo)}, which comes after it: the entries were reordered`);
    }
    if (previous) {
      const follower = entries.findIndex((e, j) => j > i && isLinked(e) && e.prevHash === previous.hash);
      if (follower !== -1) {
        const span = follower - 1 > i ? `entries ${i + 1}–${follower}` : name(i);
        return broken('inserted', i, `${span} do${follower - 1 > i ? '' : 'es'} not belong: ${name(follower)} follows ${name(i - 1)}`);
      }
    }
    if (entry.prevHash === null) {
      return broken('inserted', 0, `${name(i)} starts a chain of its own: ${i === 1 ? 'the entry before it was' : `the ${i} entries before it were`} put in front of the log`);
    }
    if (linkedTo !== undefined) {
      const span = linkedTo + 2 === i ? `${name(linkedTo + 1)} was` : `entries ${linkedTo + 2}–${i} were`;
      return broken('inserted', linkedTo + 1, `${name(i)} follows ${name(linkedTo)}: ${span} inserted`);
    }
    const seq = entry.seq;
    if (previous && typeof seq === 'number' && previous.seq === seq - 1) {
      return broken('modified', i - 1, `${name(i)} follows an entry that is not in the log, and ${name(i - 1)} stands in its place: it was changed and rehashed`);
    }
    const from = typeof previous?.seq === 'number' ? previous.seq + 1 : 1;
    const missing = typeof seq === 'number' && seq > from ? ` (seq ${from === seq - 1 ? from : `${from}–${seq - 1}`})` : '';
    return broken('removed', i, `the entry that ${name(i)} follows is missing${missing}: it was removed`);
  }
  const last = entries.at(-1) as Linked | undefined;
  return { intact: true, entries: entries.length, head: last?.hash ?? null };
}

/**
 * A hash-chained log can be cut short at its end, or rewritten from some entry on, and still verify. A head seen
 * before (`known`) must still be in the log; the document's own `head`, when given, must be its last entry.
 */
export function checkHead(entries: readonly HashedEntry[], known: string, whose: 'document' | 'known'): ChainVerdict | undefined {
  const index = entries.findIndex((e) => e.hash === known);
  const last = entries.length - 1;
  if (whose === 'known') {
    if (index !== -1) return undefined;
    return { intact: false, problem: 'removed', position: entries.length + 1, seq: undefined, explanation: `the head you knew, ${known}, is not in the log: it was cut short or rewritten` };
  }
  if (index === last) return undefined;
  if (index === -1) {
    return { intact: false, problem: 'removed', position: entries.length + 1, seq: undefined, explanation: `the document names head ${known}, which is not in its entries: entries were removed from the end` };
  }
  return { intact: false, problem: 'inserted', position: index + 2, seq: entries[index + 1]!.seq, explanation: `the document names entry ${index + 1} as its head: the entries after it were added without it` };
}
