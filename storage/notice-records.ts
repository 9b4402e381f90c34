// Notices the bot sends at most once or seldom: the "I cannot read encrypted messages" answer per room (at most one an
// interval), the warning that a room turned encrypted under open polls (once per room and set of polls), and the
// extra lines of a poll's notice (computed once per proposal, so every room's notice says the same).
import type { Database } from './database.ts';
import { parseJson } from './sql-values.ts';

export const NOTICE_RECORDS = `
CREATE TABLE encrypted_room_notices (
  room_id TEXT PRIMARY KEY,
  sent_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- proposal_ids: the open proposals warned about, as their numbers joined by '-'.
CREATE TABLE encryption_warnings (
  room_id TEXT NOT NULL,
  proposal_ids TEXT NOT NULL,
  warned_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, proposal_ids)
) STRICT, WITHOUT ROWID;

CREATE TABLE poll_notice_extras (
  proposal_id INTEGER PRIMARY KEY REFERENCES proposals (id),
  lines_json TEXT NOT NULL CHECK (json_valid(lines_json) AND json_type(lines_json) = 'array')
) STRICT;
`;

export interface NoticeRecordRepository {
  /** When the room was last told that the bot cannot read encrypted messages. */
  encryptedNoticeAt(roomId: string): number | undefined;
  setEncryptedNoticeAt(roomId: string, at: number): void;
  wasWarned(roomId: string, proposalIds: string): boolean;
  markWarned(roomId: string, proposalIds: string, at: number): void;
  pollNoticeExtras(proposalId: number): string[] | undefined;
  savePollNoticeExtras(proposalId: number, lines: readonly string[]): void;
}

export function createNoticeRecordRepository(db: Database): NoticeRecordRepository {
  const selectNotice = db.prepare<[string], number>('SELECT sent_at FROM encrypted_room_notices WHERE room_id = ?').pluck();
  const upsertNotice = db.prepare<[string, number]>(
    `INSERT INTO encrypted_room_notices (room_id, sent_at) VALUES (?, ?)
     ON CONFLICT (room_id) DO UPDATE SET sent_at = excluded.sent_at`,
  );
  const selectWarning = db.prepare<[string, string], number>('SELECT 1 FROM encryption_warnings WHERE room_id = ? AND proposal_ids = ?').pluck();
  const insertWarning = db.prepare<[string, string, number]>(
    'INSERT OR IGNORE INTO encryption_warnings (room_id, proposal_ids, warned_at) VALUES (?, ?, ?)',
  );
  const selectExtras = db.prepare<[number], string>('SELECT lines_json FROM poll_notice_extras WHERE proposal_id = ?').pluck();
  const insertExtras = db.prepare<[number, string]>('INSERT OR REPLACE INTO poll_notice_extras (proposal_id, lines_json) VALUES (?, ?)');
  return {
    encryptedNoticeAt: (roomId) => selectNotice.get(roomId),
    setEncryptedNoticeAt: (roomId, at) => void upsertNotice.run(roomId, at),
    wasWarned: (roomId, proposalIds) => selectWarning.get(roomId, proposalIds) !== undefined,
    markWarned: (roomId, proposalIds, at) => void insertWarning.run(roomId, proposalIds, at),
    pollNoticeExtras: (proposalId) => {
      const json = selectExtras.get(proposalId);
      return json === undefined ? undefined : parseJson<string[]>(json);
    },
    savePollNoticeExtras: (proposalId, lines) => void insertExtras.run(proposalId, JSON.stringify(lines)),
  };
}
