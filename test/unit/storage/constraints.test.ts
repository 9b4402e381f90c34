// The schema's own guarantees: types (STRICT), enumerations, append-only tables, the log's hash chain.

import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../storage/database.ts';
import { migrate } from '../../../storage/migrations.ts';
import { memoryStore, openProposal } from './storage-fixtures.ts';

function migratedDb() {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
}

const insertProposal = `INSERT INTO proposals (domain, action, duration_ms, proposer, state, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

describe('STRICT tables', () => {
  it('reject a value of the wrong type instead of storing it', () => {
    const db = migratedDb();
    const insert = db.prepare(insertProposal);
    expect(() => insert.run('threads.net', 'suspend', 'a week', '@a:x', 'proposed', 1, 1)).toThrow(
      /cannot store TEXT value in INTEGER column proposals\.duration_ms/,
    );
    expect(() => insert.run('threads.net', 'suspend', 1.5, '@a:x', 'proposed', 1, 1)).toThrow(/cannot store REAL value/);
    expect(() => insert.run(Buffer.from('threads.net'), 'suspend', 1000, '@a:x', 'proposed', 1, 1)).toThrow(
      /cannot store BLOB value in TEXT column proposals\.domain/,
    );
    expect(db.prepare('SELECT count(*) FROM proposals').pluck().get()).toBe(0);
  });

  it('reject values outside the vocabulary', () => {
    const db = migratedDb();
    const insert = db.prepare(insertProposal);
    expect(() => insert.run('threads.net', 'silence', 1000, '@a:x', 'proposed', 1, 1)).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('threads.net', 'suspend', 1000, '@a:x', 'pending', 1, 1)).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('Threads.NET', 'suspend', 1000, '@a:x', 'proposed', 1, 1)).toThrow(/CHECK constraint failed/);
  });

  it('enforce foreign keys', () => {
    const db = migratedDb();
    expect(() => db.prepare("INSERT INTO eligibility (proposal_id, user_id) VALUES (99, '@a:x')").run()).toThrow(
      /FOREIGN KEY constraint failed/,
    );
  });

  it('keep a tally whole or absent', () => {
    const db = migratedDb();
    db.prepare(insertProposal).run('threads.net', 'suspend', 1000, '@a:x', 'closed', 1, 1);
    expect(() => db.prepare('UPDATE proposals SET tally_yes = 3 WHERE id = 1').run()).toThrow(/CHECK constraint failed/);
    expect(() =>
      db
        .prepare(
          `UPDATE proposals SET tally_yes = 3, tally_no = 1, tally_abstain = 1, tally_spoiled = 0, tally_eligible = 9,
           tally_cast = 4 WHERE id = 1`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });
});

describe('the audit trail', () => {
  it('cannot be changed or deleted, only appended to', () => {
    const store = memoryStore();
    const db = migratedDb();
    const id = store.audit.append({ actor: '@mod:example.social', action: 'cancel', detail: { reason: 'duplicate' } });
    expect(store.audit.list()).toMatchObject([{ id, actor: '@mod:example.social', detail: { reason: 'duplicate' } }]);

    db.prepare("INSERT INTO audit (ts, actor, action) VALUES (1, '@mod:example.social', 'cancel')").run();
    expect(() => db.prepare("UPDATE audit SET actor = '@someone-else:example.social'").run()).toThrow(
      'audit is append-only: its rows cannot be changed',
    );
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow('audit is append-only: its rows cannot be deleted');
    expect(() => db.prepare('DELETE FROM audit WHERE id = 1').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT actor FROM audit').pluck().all()).toEqual(['@mod:example.social']);
  });

  it('lists newest first, by proposal and page by page', () => {
    const store = memoryStore();
    const proposal = openProposal(store);
    const ids = ['propose', 'second', 'open', 'close'].map((action) =>
      store.audit.append({ actor: '@a:x', action, proposalId: action === 'second' ? undefined : proposal.id }),
    );
    expect(store.audit.list().map((e) => e.action)).toEqual(['close', 'open', 'second', 'propose']);
    expect(store.audit.list({ proposalId: proposal.id }).map((e) => e.action)).toEqual(['close', 'open', 'propose']);
    expect(store.audit.list({ beforeId: ids[2], limit: 1 }).map((e) => e.action)).toEqual(['second']);
  });
});

describe('the decision log', () => {
  it('refuses an entry that does not continue the chain', () => {
    const store = memoryStore();
    const proposal = openProposal(store);
    expect(store.log.append({ proposalId: proposal.id, entryJson: '{"number":1}', hash: 'h1' })).toBe(1);
    expect(() => store.log.append({ proposalId: proposal.id, entryJson: '{"number":2}', prevHash: 'h0', hash: 'h2' })).toThrow(
      'log entry prev_hash is not the hash of the last entry',
    );
    expect(() => store.log.append({ entryJson: '{"number":2}', hash: 'h2' })).toThrow(/prev_hash/);
    expect(store.log.append({ entryJson: '{"number":2}', prevHash: 'h1', hash: 'h2' })).toBe(2);
    expect(store.log.last()).toMatchObject({ seq: 2, prevHash: 'h1', hash: 'h2', entry: { number: 2 } });
    expect(store.log.forProposal(proposal.id).map((e) => e.seq)).toEqual([1]);
    expect(store.log.list(1).map((e) => e.hash)).toEqual(['h2']);
    expect(store.log.recent(5).map((e) => e.hash)).toEqual(['h2', 'h1']);
  });

  it('keeps entries byte for byte and refuses to change them', () => {
    const store = memoryStore();
    const text = '{"b":1,"a":"é"}';
    store.log.append({ entryJson: text, hash: 'h1' });
    expect(store.log.get(1)?.entryJson).toBe(text);
    const db = migratedDb();
    db.prepare("INSERT INTO log_entries (entry_json, hash, created_at) VALUES ('{}', 'h1', 1)").run();
    expect(() => db.prepare("UPDATE log_entries SET entry_json = '{\"x\":1}'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM log_entries').run()).toThrow(/append-only/);
  });
});
