// Decisions made the way the bot makes them (stored proposals, votes, state changes) and logged through the log
// writer, for the tests of the published forms.
import { memoryStore, openProposal, T0 } from '../storage/storage-fixtures.ts';
import { entriesOf, logApplied, logProposal } from '../../../bot/publish/log-writer.ts';
import { importBlocks } from '../../../bot/decisions/import.ts';
import type { PublishContext } from '../../../bot/publish/formats.ts';
import type { HashedEntry } from '../../../governance/log-entry.ts';
import type { Rules } from '../../../governance/types.ts';
import type { Store } from '../../../storage/store.ts';
import type { NewProposal } from '../../../storage/proposals.ts';

export const RULES: Rules = {
  quorum: { minVoters: 1, minTurnoutPercent: 0 },
  thresholds: { suspend: { numerator: 2, denominator: 3 }, limit: { numerator: 1, denominator: 2 }, lift: { numerator: 1, denominator: 2 } },
};
/** Things that must never be published, in any form. */
export const PRIVATE_COMMENT = 'SECRET-staff-only-comment';
export const PRIVATE_URL = 'https://private.example/evidence-for-staff';
export const VOTER = '@secret-voter:example.social';
export const PUBLIC_URL = 'https://public.example/report';

export const CTX: PublishContext = { title: 'Federation decisions of example.social', publisher: 'example.social', now: T0 + 99_000_000, baseUrl: 'https://log.example.social' };

export interface Decide {
  outcome?: 'approved' | 'rejected' | 'no_quorum';
  apply?: boolean;
  yes?: number;
  no?: number;
  /** Encrypted responses the bot could not read (absent from the tally when 0, as the bot writes it). */
  unreadable?: number;
  /** A second stage and a review date, saved as `!moot propose … --then … --after … --review …` saves them. */
  plan?: Parameters<Store['plans']['save']>[1];
}

/** A proposal opened, voted on by VOTER, counted and (optionally) applied, logged at each step. */
export function decide(store: Store, proposal: Partial<NewProposal>, { outcome = 'approved', apply = outcome === 'approved', yes = 5, no = 1, unreadable = 0, plan }: Decide = {}): number {
  const p = openProposal(store, [VOTER], {
    privateComment: PRIVATE_COMMENT,
    evidence: [{ url: PUBLIC_URL, visibility: 'public' }, { url: PRIVATE_URL, visibility: 'private' }],
    ...proposal,
  });
  if (plan) store.plans.save(p.id, plan);
  store.votes.recordVote(p.id, { voter: VOTER, answers: ['yes'], ts: T0 + 10, eventId: `$vote-${p.id}`, roomId: '!room:example.social', source: 'poll' });
  const tally = { yes, no, abstain: 1, spoiled: 1, eligible: 10, cast: yes + no + 1, ...(unreadable ? { unreadable } : {}) };
  store.proposals.advance(p.id, { type: 'close' }, { fields: { closedAt: T0 + 1000 * p.id, rules: RULES } });
  const shown = p.obfuscate ? 'obfuscated' : p.domain;
  store.proposals.advance(p.id, { type: 'count', outcome }, { fields: { tally, resultLine: `Proposal ${p.id} (${p.action} ${shown}): ${outcome} — yes ${yes} · no ${no}` } });
  logProposal(store, store.proposals.get(p.id)!);
  if (apply) {
    store.proposals.advance(p.id, { type: 'start_apply' });
    store.proposals.advance(p.id, { type: 'applied' }, { fields: { appliedAt: T0 + 5000 * p.id, mastodonBlockId: p.action === 'lift' ? null : `b${p.id}` } });
    logApplied(store, store.proposals.get(p.id)!);
  }
  return p.id;
}

/**
 * 1 threads.net suspended (applied); 2 quiet.example limit rejected; 3 hidden.example suspended, obfuscated;
 * 4 lifted.example suspended, then 5 lifted; 6 silenced.example limited (applied); 7 withdrawn.example withdrawn.
 */
export function sampleStore(store: Store = memoryStore()): Store {
  decide(store, { domain: 'threads.net', publicReason: 'ads, "tracking", and <b>more</b>' });
  decide(store, { domain: 'quiet.example', action: 'limit' }, { outcome: 'rejected', yes: 1, no: 5 });
  decide(store, { domain: 'hidden.example', obfuscate: true, publicReason: 'see hidden.example reports' });
  decide(store, { domain: 'lifted.example' });
  decide(store, { domain: 'lifted.example', action: 'lift' });
  decide(store, { domain: 'silenced.example', action: 'limit', rejectMedia: true, publicReason: 'spam' });
  const w = openProposal(store, [], { domain: 'withdrawn.example', privateComment: PRIVATE_COMMENT });
  store.proposals.advance(w.id, { type: 'withdraw' }, { fields: { closedAt: T0 + 7000 } });
  logProposal(store, store.proposals.get(w.id)!);
  return store;
}

export function sampleLog(): HashedEntry[] {
  return entriesOf(sampleStore());
}

/**
 * The sample decisions and what readers need explained: 8 old.example recorded by `fedimoot import` (a limit with
 * the instance's comment "manual"); 9 cancelled.example cancelled by staff with a reason; 10 predating.example
 * suspended by vote over a limit that predates fedimoot; 11 encrypted.example rejected with 2 unreadable responses.
 */
export function readerStore(store: Store = memoryStore()): Store {
  sampleStore(store);
  importBlocks(store, [{ id: '77', domain: 'old.example', severity: 'silence', rejectMedia: false, rejectReports: false, obfuscate: false, publicComment: 'manual' }], T0 + 8000);
  const c = openProposal(store, [], { domain: 'cancelled.example' });
  store.proposals.advance(c.id, { type: 'cancel' }, { fields: { closedAt: T0 + 9000 } });
  store.audit.append({ ts: T0 + 9000, actor: '@mod:example.social', action: 'cancel', proposalId: c.id, detail: { reason: 'duplicate of proposal 4' } });
  logProposal(store, store.proposals.get(c.id)!);
  decide(store, { domain: 'predating.example', publicReason: 'harassment', priorBlock: { action: 'limit', since: '2024-03-01T00:00:00.000Z', byVote: false } });
  decide(store, { domain: 'encrypted.example' }, { outcome: 'rejected', yes: 2, no: 3, unreadable: 2 });
  return store;
}
