// Appends the decision log: a `decision` entry when a proposal is counted or ended, an `applied` entry when its block
// is in force. Idempotent (a milestone may be delivered twice after a crash) and serialised by the store's
// transaction, so the chain never forks.
import { domainDigest, obfuscateDomain } from '../../governance/domain.ts';
import { canonicalJson, chain, type AppliedEntry, type DecisionEntry, type EntryBody, type HashedEntry } from '../../governance/log-entry.ts';
import { formatFraction } from '../../governance/outcome.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { Store } from '../../storage/store.ts';
import type { ProposalHook } from '../proposals/hooks.ts';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());
const ENTRY_OUTCOMES = ['approved', 'rejected', 'no_quorum', 'withdrawn', 'cancelled'] as const;

export function entriesOf(store: Store): HashedEntry[] {
  return store.log.list(0, Number.MAX_SAFE_INTEGER).map((e) => JSON.parse(e.entryJson) as HashedEntry);
}

function decisionOutcome(p: Proposal): DecisionEntry['outcome'] | undefined {
  if (p.state === 'withdrawn' || p.state === 'cancelled') return p.state;
  const outcome = p.outcome;
  return ENTRY_OUTCOMES.find((o) => o === outcome);
}

function supersededNumber(store: Store, p: Proposal, digest: string): number | null {
  let latest: number | null = null;
  for (const e of entriesOf(store)) {
    if (e.kind === 'decision' && e.domainDigest === digest && e.outcome === 'approved' && e.number !== p.id) latest = e.number;
  }
  return latest;
}

export function decisionEntry(store: Store, p: Proposal, imported: boolean): DecisionEntry | undefined {
  const outcome = imported ? 'approved' : decisionOutcome(p);
  if (!outcome) return undefined;
  const digest = domainDigest(p.domain);
  const shown = p.obfuscate ? obfuscateDomain(p.domain) : p.domain;
  // The announced line names the domain; an obfuscated decision must not reveal it there either.
  const resultLine = p.resultLine === undefined ? null : p.resultLine.split(p.domain).join(shown);
  return {
    kind: 'decision',
    number: p.id,
    domain: shown,
    domainDigest: digest,
    obfuscated: p.obfuscate,
    action: p.action,
    rejectMedia: p.rejectMedia,
    rejectReports: p.rejectReports,
    reason: p.publicReason ?? null,
    evidence: store.proposals.evidence(p.id, 'public').map((e) => e.url),
    proposer: p.proposer,
    openedAt: iso(p.openedAt),
    closedAt: iso(p.closedAt ?? p.updatedAt)!,
    quorum: p.rules ? { minVoters: p.rules.quorum.minVoters, minTurnoutPercent: p.rules.quorum.minTurnoutPercent } : null,
    threshold: p.rules ? formatFraction(p.rules.thresholds[p.action]) : null,
    tally: p.tally ?? null,
    outcome,
    resultLine,
    supersedes: outcome === 'approved' ? supersededNumber(store, p, digest) : null,
    imported,
  };
}

/** Appends `body` unless the proposal already has an entry of that kind; returns the entry written, if any. */
export function appendEntry(store: Store, proposalId: number, body: EntryBody): HashedEntry | undefined {
  return store.transaction(() => {
    const existing = store.log.forProposal(proposalId).map((e) => JSON.parse(e.entryJson) as HashedEntry);
    if (existing.some((e) => e.kind === body.kind)) return undefined;
    const last = store.log.last();
    const entry = chain(body, last ? { seq: last.seq, hash: last.hash } : undefined);
    const { hash, prevHash } = entry;
    store.log.append({ proposalId, entryJson: canonicalJson(entry), prevHash: prevHash ?? undefined, hash });
    return entry;
  });
}

export function logProposal(store: Store, p: Proposal, imported = false): void {
  const body = decisionEntry(store, p, imported);
  if (body) appendEntry(store, p.id, body);
}

export function logApplied(store: Store, p: Proposal): void {
  if (p.state !== 'applied' || p.appliedAt === undefined) return;
  const body: AppliedEntry = { kind: 'applied', number: p.id, appliedAt: iso(p.appliedAt)!, mastodonBlockId: p.mastodonBlockId ?? null };
  appendEntry(store, p.id, body);
}

export function decisionLogHook(store: Store): ProposalHook {
  return {
    name: 'decision-log',
    on(milestone, id) {
      const p = store.proposals.get(id);
      if (!p) return;
      if (milestone === 'counted' || milestone === 'ended') logProposal(store, p);
      if (milestone === 'applied') {
        logProposal(store, p);
        logApplied(store, p);
      }
    },
  };
}
