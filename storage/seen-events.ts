// Matrix events the bot has dealt with: commands run (so a redelivered one never runs twice), staff's poll ends
// judged (so one is judged once), and each room's last event of the last sync (where reading back a gap stops).
import type { Database } from './database.ts';

export const SEEN_EVENTS = `
-- A command event, marked before it runs.
CREATE TABLE handled_commands (
  event_id TEXT PRIMARY KEY,
  origin_ts INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The first end of one of our polls by one sender, with the end event.
CREATE TABLE poll_ends_seen (
  start_event_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  end_event_id TEXT NOT NULL,
  PRIMARY KEY (start_event_id, sender)
) STRICT, WITHOUT ROWID;

CREATE TABLE room_last_events (
  room_id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

export interface SeenEventRepository {
  commandSeen(eventId: string): boolean;
  markCommand(eventId: string, originTs: number): void;
  pollEndSeen(startEventId: string, sender: string): boolean;
  markPollEnd(startEventId: string, sender: string, endEventId: string): void;
  lastEvent(roomId: string): string | undefined;
  setLastEvent(roomId: string, eventId: string): void;
}

export function createSeenEventRepository(db: Database): SeenEventRepository {
  const selectCommand = db.prepare<[string], number>('SELECT 1 FROM handled_commands WHERE event_id = ?').pluck();
  const insertCommand = db.prepare<[string, number]>('INSERT OR IGNORE INTO handled_commands (event_id, origin_ts) VALUES (?, ?)');
  const selectPollEnd = db.prepare<[string, string], number>('SELECT 1 FROM poll_ends_seen WHERE start_event_id = ? AND sender = ?').pluck();
  const insertPollEnd = db.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO poll_ends_seen (start_event_id, sender, end_event_id) VALUES (?, ?, ?)',
  );
  const selectLast = db.prepare<[string], string>('SELECT event_id FROM room_last_events WHERE room_id = ?').pluck();
  const upsertLast = db.prepare<[string, string]>(
    `INSERT INTO room_last_events (room_id, event_id) VALUES (?, ?)
     ON CONFLICT (room_id) DO UPDATE SET event_id = excluded.event_id`,
  );
  return {
    commandSeen: (eventId) => selectCommand.get(eventId) !== undefined,
    markCommand: (eventId, originTs) => void insertCommand.run(eventId, originTs),
    pollEndSeen: (startEventId, sender) => selectPollEnd.get(startEventId, sender) !== undefined,
    markPollEnd: (startEventId, sender, endEventId) => void insertPollEnd.run(startEventId, sender, endEventId),
    lastEvent: (roomId) => selectLast.get(roomId),
    setLastEvent: (roomId, eventId) => void upsertLast.run(roomId, eventId),
  };
}
