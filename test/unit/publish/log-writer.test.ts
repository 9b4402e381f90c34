// What the decision-log hook writes for each milestone, once, on the real store (whose triggers keep it append-only).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decisionLogHook, entriesOf, logApplied, logProposal } from '../../../bot/publish/log-writer.ts';
import { importBlocks } from '../../../bot/decisions/import.ts';
import { verifyChain, type DecisionEntry } from '../../../governance/log-entry.ts';
import { memoryStore, openProposal, T0, tempDir } from '../storage/storage-fixtures.ts';
import { openStore } from '../../../storage/store.ts';
import { PRIVATE_COMMENT, RULES } from './publish-fixtures.ts';

function counted(outcome: 'approved' | 'rejected' | 'no_quorum') {
  const store = memoryStore();
  const p = openProposal(store, [], { domain: 'threads.net', publicReason: 'ads', privateComment: PRIVATE_COMMENT });
  store.proposals.advance(p.id, { type: 'close' }, { fields: { closedAt: T0 + 60_000, rules: RULES } });
  store.proposals.advance(p.id, { type: 'count', outcome }, { fields: { tally: { yes: 1, no: 0, abstain: 0, spoiled: 0, eligible: 2, cast: 1 }, resultLine: `Proposal 1 (suspend threads.net): ${outcome}` } });
  return { store, id: p.id, hook: decisionLogHook(store) };
}

describe('the decision-log hook', () => {
  it.each(['approved', 'rejected', 'no_quorum'] as const)('writes a %s decision when it is counted', async (outcome) => {
    const { store, id, hook } = counted(outcome);
    await hook.on('counted', id);
    const [entry, ...rest] = entriesOf(store);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ kind: 'decision', number: id, outcome, domain: 'threads.net', reason: 'ads', openedAt: new Date(T0).toISOString(), closedAt: new Date(T0 + 60_000).toISOString(), seq: 1, prevHash: null });
  });

  it('writes the decision once, however often the milestone is delivered', async () => {
    const { store, id, hook } = counted('approved');
    await hook.on('counted', id);
    await hook.on('counted', id);
    expect(entriesOf(store)).toHaveLength(1);
  });

  it('appends an applied entry after the decision when the block is in force, once', async () => {
    const { store, id, hook } = counted('approved');
    await hook.on('counted', id);
    store.proposals.advance(id, { type: 'start_apply' });
    store.proposals.advance(id, { type: 'applied' }, { fields: { appliedAt: T0 + 90_000, mastodonBlockId: '108' } });
    await hook.on('applied', id);
    await hook.on('applied', id);
    const entries = entriesOf(store);
    expect(entries.map((e) => e.kind)).toEqual(['decision', 'applied']);
    expect(entries[1]).toMatchObject({ kind: 'applied', number: id, appliedAt: new Date(T0 + 90_000).toISOString(), mastodonBlockId: '108', seq: 2, prevHash: entries[0]!.hash });
    expect(verifyChain(entries)).toMatchObject({ intact: true });
  });

  it("writes the decision first if 'applied' arrives before 'counted' was handled", async () => {
    const { store, id, hook } = counted('approved');
    store.proposals.advance(id, { type: 'start_apply' });
    store.proposals.advance(id, { type: 'applied' }, { fields: { appliedAt: T0 + 90_000 } });
    await hook.on('applied', id);
    await hook.on('counted', id);
    expect(entriesOf(store).map((e) => e.kind)).toEqual(['decision', 'applied']);
  });

  it.each(['withdrawn', 'cancelled'] as const)('writes a %s proposal when it ends, without a tally', async (state) => {
    const store = memoryStore();
    const p = openProposal(store, [], { domain: 'x.example' });
    store.proposals.advance(p.id, { type: state === 'withdrawn' ? 'withdraw' : 'cancel' }, { fields: { closedAt: T0 + 1 } });
    await decisionLogHook(store).on('ended', p.id);
    expect(entriesOf(store)).toEqual([expect.objectContaining({ outcome: state, tally: null, openedAt: new Date(T0).toISOString() })]);
  });

  it('keeps the reason staff gave for a cancel (the domain hidden when obfuscated), and no key without one', async () => {
    const store = memoryStore();
    const cancel = async (domain: string, reason: string | undefined, obfuscate = false) => {
      const p = openProposal(store, [], { domain, obfuscate });
      store.proposals.advance(p.id, { type: 'cancel' }, { fields: { closedAt: T0 + 1 } });
      store.audit.append({ actor: '@mod:example.social', action: 'cancel', proposalId: p.id, detail: { reason } });
      await decisionLogHook(store).on('ended', p.id);
    };
    await cancel('a.example', 'a duplicate of proposal 1');
    await cancel('b.example', undefined);
    await cancel('secret.example', 'secret.example asked us to wait', true);
    const [withReason, without, hidden] = entriesOf(store);
    expect(withReason).toMatchObject({ outcome: 'cancelled', cancelReason: 'a duplicate of proposal 1' });
    // Absent, not null: an entry without it hashes as entries did before the key existed.
    expect(without).not.toHaveProperty('cancelReason');
    expect(hidden).toMatchObject({ cancelReason: 'secr**.****ple asked us to wait' });
    expect(verifyChain(entriesOf(store))).toMatchObject({ intact: true });
  });

  it('writes nothing for a proposal still open', async () => {
    const store = memoryStore();
    const p = openProposal(store, [], { domain: 'x.example' });
    await decisionLogHook(store).on('counted', p.id);
    await decisionLogHook(store).on('opened', p.id);
    expect(entriesOf(store)).toEqual([]);
  });

  it('records imported blocks as approved, applied and not voted', () => {
    const store = memoryStore();
    importBlocks(store, [
      { id: '7', domain: 'old.example', severity: 'silence', rejectMedia: true, rejectReports: false, obfuscate: false, publicComment: 'spam', privateComment: PRIVATE_COMMENT },
      { id: '8', domain: 'noop.example', severity: 'noop', rejectMedia: true, rejectReports: false, obfuscate: false },
    ], T0);
    const [decision, applied, ...rest] = entriesOf(store);
    expect(rest).toEqual([]);
    expect(decision).toMatchObject({ kind: 'decision', domain: 'old.example', action: 'limit', rejectMedia: true, reason: 'spam', outcome: 'approved', imported: true, tally: null, openedAt: null, quorum: null });
    expect(applied).toMatchObject({ kind: 'applied', number: (decision as DecisionEntry).number, mastodonBlockId: '7' });
    // The hook's later 'applied' (if any) adds nothing.
    logApplied(store, store.proposals.get((decision as DecisionEntry).number)!);
    expect(entriesOf(store)).toHaveLength(2);
  });

  it('cannot be rewritten in the database: its triggers refuse changes and deletions', () => {
    const path = join(tempDir(), 'fedimoot.db');
    const store = openStore(path);
    const p = openProposal(store, [], { domain: 'x.example' });
    store.proposals.advance(p.id, { type: 'withdraw' }, { fields: { closedAt: T0 + 1 } });
    logProposal(store, store.proposals.get(p.id)!);
    store.close();
    const db = new Database(path);
    try {
      expect(() => db.exec(`UPDATE log_entries SET entry_json = '{}'`)).toThrow();
      expect(() => db.exec('DELETE FROM log_entries')).toThrow();
      expect(db.prepare('SELECT count(*) AS n FROM log_entries').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
