// The table of each voter's current vote (kept up by storage/votes.ts): a TEMP table in memory, since it is derived
// from the raw votes, and the rules of governance/counting.ts it runs as SQL functions.
import { isLaterResponse, sentByClose } from '../governance/counting.ts';
import type { Database } from './database.ts';

/** A response may count when it is not later than the close (`null`: still open). */
export const withinClose = (ts: number, closedAt: number | null) => sentByClose(ts, closedAt ?? Infinity);

// As current_votes of migration 1 (storage/schema.ts), which migration 12 dropped from the file; the shipped
// migration's SQL stays as it was. A latest response that un-votes stays here as 'none', so that an older response
// arriving late cannot take its place. vote_id has no foreign key: a temporary table cannot refer to the file's tables.
const CURRENT_VOTES = `
CREATE TEMP TABLE current_votes (
  proposal_id INTEGER NOT NULL,
  voter TEXT NOT NULL,
  vote_id INTEGER NOT NULL,
  choice TEXT NOT NULL
    CHECK (choice = 'yes' OR choice = 'no' OR choice = 'abstain' OR choice = 'spoiled' OR choice = 'none'),
  PRIMARY KEY (proposal_id, voter)
) STRICT, WITHOUT ROWID`;

/**
 * Creates the (empty) table on this connection, and registers the rules of governance/counting.ts as SQL functions, so
 * the current-vote step of an insert is one statement that runs them rather than a second copy of them in SQL: which
 * of a voter's responses is later, and which were sent by the close.
 */
export function createCurrentVotesTable(db: Database): void {
  db.exec(CURRENT_VOTES);
  db.function('is_later_response', { deterministic: true }, (ts, eventId, currentTs, currentEventId) =>
    isLaterResponse({ ts: Number(ts), eventId: String(eventId) }, { ts: Number(currentTs), eventId: String(currentEventId) }) ? 1 : 0,
  );
  db.function('sent_by_close', { deterministic: true }, (ts, closedAt) => (withinClose(Number(ts), closedAt === null ? null : Number(closedAt)) ? 1 : 0));
}
