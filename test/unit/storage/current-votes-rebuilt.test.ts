// The current votes live in memory (storage/votes.ts): after a restart they must read exactly as before, rebuilt from
// the raw votes on disk, for proposals still counting at once and for counted ones when read.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../storage/store.ts';
import { T0, fakeClock, openProposal, tempDir, vote } from './storage-fixtures.ts';

const ALICE = '@alice:example.social';
const BOB = '@bob:example.social';
const CAROL = '@carol:example.social';

function reopen(path: string, stores: Store[]): Store {
  const store = openStore(path, { clock: fakeClock() });
  stores.push(store);
  return store;
}

function withStores(test: (path: string, open: () => Store) => void): void {
  const stores: Store[] = [];
  const path = join(tempDir(), 'fedimoot.db');
  try {
    test(path, () => reopen(path, stores));
  } finally {
    for (const store of stores) store.close();
  }
}

describe('current votes after the store is opened again', () => {
  it('an open proposal tallies as before, with changed minds, un-votes and redactions', () => {
    withStores((_path, open) => {
      const first = open();
      const p = openProposal(first, [ALICE, BOB, CAROL]);
      const redacted = vote(CAROL, ['yes'], T0 + 5);
      first.transaction(() => {
        first.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 1));
        first.votes.recordVote(p.id, vote(ALICE, ['no'], T0 + 2));
        first.votes.recordVote(p.id, vote(BOB, ['abstain'], T0 + 3));
        first.votes.recordVote(p.id, vote(BOB, [], T0 + 4));
        first.votes.recordVote(p.id, vote(CAROL, ['no'], T0 + 1));
        first.votes.recordVote(p.id, redacted);
      });
      first.votes.markRedacted(redacted.eventId);
      const before = first.votes.tally(p.id);
      expect(before).toEqual({ yes: 0, no: 2, abstain: 0, spoiled: 0, eligible: 3, cast: 2 });
      first.close();

      const second = open();
      expect(second.votes.tally(p.id)).toEqual(before);
      expect(second.votes.currentVote(p.id, BOB)?.choice).toBe('none');
      // An older response arriving after the restart does not replace Bob's later un-vote; a newer one of Alice does.
      second.votes.recordVote(p.id, vote(BOB, ['yes'], T0 + 2));
      second.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 9));
      expect(second.votes.tally(p.id)).toEqual({ yes: 1, no: 1, abstain: 0, spoiled: 0, eligible: 3, cast: 2 });
    });
  });

  it('a proposal counted before the restart is rebuilt when read, up to its close only', () => {
    withStores((_path, open) => {
      const first = open();
      const p = openProposal(first, [ALICE, BOB]);
      first.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 1));
      first.votes.recordVote(p.id, vote(BOB, ['no'], T0 + 2));
      first.proposals.advance(p.id, { type: 'close' }, { fields: { closedAt: T0 + 10 } });
      first.proposals.advance(p.id, { type: 'count', outcome: 'rejected' });
      first.close();

      const second = open();
      // A late response is kept as a record and changes nothing.
      second.votes.recordVote(p.id, vote(ALICE, ['no'], T0 + 20));
      expect(second.votes.votesFor(p.id)).toHaveLength(3);
      expect(second.votes.tally(p.id)).toEqual({ yes: 1, no: 1, abstain: 0, spoiled: 0, eligible: 2, cast: 2 });
      expect(second.votes.currentVote(p.id, ALICE)?.choice).toBe('yes');
    });
  });

  it('a read inside a transaction that is rolled back leaves the next read right', () => {
    withStores((_path, open) => {
      const first = open();
      const p = openProposal(first, [ALICE]);
      first.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 1));
      first.proposals.advance(p.id, { type: 'close' }, { fields: { closedAt: T0 + 10 } });
      first.proposals.advance(p.id, { type: 'count', outcome: 'approved' });
      first.close();

      const second = open();
      expect(() =>
        second.transaction(() => {
          expect(second.votes.tally(p.id).yes).toBe(1);
          throw new Error('rolled back');
        }),
      ).toThrow('rolled back');
      expect(second.votes.tally(p.id).yes).toBe(1);
      expect(second.votes.currentVote(p.id, ALICE)?.choice).toBe('yes');
    });
  });

  it('the database file holds only the raw votes: current votes are not written to it', () => {
    withStores((path, open) => {
      const store = open();
      const p = openProposal(store, [ALICE]);
      store.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 1));
      const file = new Database(path, { readonly: true });
      try {
        const tables = file.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
        expect(tables).toContain('votes');
        expect(tables).not.toContain('current_votes');
      } finally {
        file.close();
      }
      expect(store.votes.tally(p.id).yes).toBe(1);
    });
  });
});
