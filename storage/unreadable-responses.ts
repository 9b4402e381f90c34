// Poll responses the bot could not decrypt: kept like votes (raw, forever, one row per event), so a count can fold
// them into "the latest response per voter" (governance/unreadable.ts) and a redaction can take one back.

import type { UnreadableResponse } from '../governance/types.ts';
import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';

export interface UnreadableResponseRepository {
  /** Keeps the response; false when the event was already recorded. */
  record(proposalId: number, response: UnreadableResponse, receivedAt?: number): boolean;
  /** Redacts a response (it then no longer counts); false if unknown or done. */
  markRedacted(eventId: string): boolean;
  /** The proposal's non-redacted unreadable responses, in the order received. */
  listFor(proposalId: number): UnreadableResponse[];
}

interface Row {
  voter: string;
  ts: number;
  event_id: string;
  room_id: string;
}

export function createUnreadableResponseRepository(db: Database, clock: Clock): UnreadableResponseRepository {
  const insert = db.prepare<[number, string, number, string, string, number]>(
    `INSERT INTO unreadable_responses (proposal_id, voter, ts, event_id, room_id, received_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
  );
  const redact = db.prepare<[string]>('UPDATE unreadable_responses SET redacted = 1 WHERE event_id = ? AND redacted = 0');
  const select = db.prepare<[number], Row>(
    'SELECT voter, ts, event_id, room_id FROM unreadable_responses WHERE proposal_id = ? AND redacted = 0 ORDER BY id',
  );
  return {
    record: (proposalId, r, receivedAt = clock()) => insert.run(proposalId, r.voter, r.ts, r.eventId, r.roomId, receivedAt).changes === 1,
    markRedacted: (eventId) => redact.run(eventId).changes === 1,
    listFor: (proposalId) => select.all(proposalId).map((row) => ({ voter: row.voter, ts: row.ts, eventId: row.event_id, roomId: row.room_id })),
  };
}
