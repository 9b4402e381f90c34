// Appends the decision log: a `decision` entry when a proposal is counted or ended, an `applied` entry when its block
// is in force. Idempotent (a milestone may be delivered twice after a crash) and serialised by the store's
// transaction, so the chain never forks. `fedimoot import` calls logProposal and logApplied directly.
import {
  appliedEntry,
  canonicalJson,
  chain,
  decisionEntry,
  type DecisionOutcome,
  type EntryBody,
  type HashedEntry,
} from '../../governance/log-entry.ts';
import { reviewDueAt } from '../../governance/stages.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { Store } from '../../storage/store.ts';
import type { ProposalHook } from '../proposals/hooks.ts';

const OUTCOMES: readonly DecisionOutcome[] = ['approved', 'rejected', 'no_quorum'];

export function entriesOf(store: Store): HashedEntry[] {
  return store.log.list(0, Number.MAX_SAFE_INTEGER).map((e) => JSON.parse(e.entryJson) as HashedEntry);
}

/** The log as the HTTP server reads it. */
export function logSource(store: Store): { head(): string | undefined; entries(): HashedEntry[] } {
  return { head: () => store.log.last()?.hash, entries: () => entriesOf(store) };
}

/** What the log says about a proposal: counted, withdrawn or cancelled; undefined while it is still undecided. */
function outcomeOf(p: Proposal, imported: boolean): DecisionOutcome | undefined {
  if (imported) return 'approved';
  if (p.state === 'withdrawn' || p.state === 'cancelled') return p.state;
  return OUTCOMES.find((o) => o === p.outcome);
}

/** Appends `body` unless the proposal already has an entry of that kind; returns the entry written, if any. */
export function appendEntry(store: Store, proposalId: number, body: EntryBody): HashedEntry | undefined {
  return store.transaction(() => {
    const existing = store.log.forProposal(proposalId).map((e) => JSON.parse(e.entryJson) as HashedEntry);
    if (existing.some((e) => e.kind === body.kind)) return undefined;
    const last = store.log.last();
    const entry = chain(body, last ? { seq: last.seq, hash: last.hash } : undefined);
    store.log.append({ proposalId, entryJson: canonicalJson(entry), prevHash: entry.prevHash ?? undefined, hash: entry.hash });
    return entry;
  });
}

/**
 * The log's entries about decisions on `domain`, in log order: all that a new entry's supersedes link depends on.
 * Reading only these keeps `fedimoot import` of thousands of blocks linear.
 */
function earlierForDomain(store: Store, domain: string): HashedEntry[] {
  return store.proposals.listByDomain(domain)
    .flatMap((q) => store.log.forProposal(q.id))
    .sort((a, b) => a.seq - b.seq)
    .map((e) => JSON.parse(e.entryJson) as HashedEntry);
}

/** The reason staff gave with `!moot cancel <n> [reason]`: kept in the audit trail, not on the proposal. */
function cancelReasonOf(store: Store, proposalId: number): string | undefined {
  const reason = store.audit.list({ proposalId }).find((a) => a.action === 'cancel')?.detail.reason;
  return typeof reason === 'string' && reason.trim() ? reason.trim() : undefined;
}

/**
 * Writes the proposal's decision entry (once). `imported`: a prior block recorded by `fedimoot import`.
 * `defaultReviewMs`: governance.reviewAfter, for the review date of a decision without its own `--review`.
 */
export function logProposal(store: Store, p: Proposal, imported = false, defaultReviewMs?: number): HashedEntry | undefined {
  const outcome = outcomeOf(p, imported);
  const plan = store.plans.get(p.id);
  const closedAt = p.closedAt ?? p.updatedAt;
  const reviewAt = imported ? undefined : reviewDueAt(closedAt, plan?.reviewAfterMs, defaultReviewMs);
  if (!outcome) return undefined;
  return store.transaction(() => {
    const body = decisionEntry(
      {
        number: p.id,
        domain: p.domain,
        action: p.action,
        rejectMedia: p.rejectMedia,
        rejectReports: p.rejectReports,
        obfuscate: p.obfuscate,
        publicReason: p.publicReason,
        publicEvidence: store.proposals.evidence(p.id, 'public').map((e) => e.url),
        proposer: p.proposer,
        openedAt: p.openedAt,
        closedAt,
        rules: p.rules,
        tally: p.tally,
        outcome,
        resultLine: p.resultLine,
        supersedes: p.supersedesId,
        imported,
        priorBlock: p.priorBlock,
        cancelReason: p.state === 'cancelled' ? cancelReasonOf(store, p.id) : undefined,
        secondStage: plan?.secondStage ? { action: plan.secondStage.action, afterMs: plan.secondStage.afterMs } : undefined,
        reviewAt,
      },
      earlierForDomain(store, p.domain),
    );
    return appendEntry(store, p.id, body);
  });
}

/** Writes the `applied` entry (once) of a decision whose block is in force; the decision entry comes first. */
export function logApplied(store: Store, p: Proposal, imported = false, defaultReviewMs?: number): HashedEntry | undefined {
  if (p.state !== 'applied' || p.appliedAt === undefined) return undefined;
  const appliedAt = p.appliedAt;
  return store.transaction(() => {
    logProposal(store, p, imported, defaultReviewMs);
    return appendEntry(store, p.id, appliedEntry(p.id, appliedAt, p.mastodonBlockId));
  });
}

export function decisionLogHook(store: Store, defaultReviewMs?: number): ProposalHook {
  return {
    name: 'decision-log',
    on(milestone, id) {
      const p = store.proposals.get(id);
      if (!p) return;
      if (milestone === 'counted' || milestone === 'ended') logProposal(store, p, false, defaultReviewMs);
      if (milestone === 'applied') logApplied(store, p, false, defaultReviewMs);
    },
  };
}
