// Small records of the bot's own doings: which decision released a pledge and when its pledger was told (so a re-run
// after a crash tells only that decision's pledgers, once), when each member asked for link codes (a rate limit), and
// the policy room the bot created (so a restart does not create another).
import type { Database } from './database.ts';

export const BOT_RECORDS = `
CREATE TABLE pledge_releases (
  pledge_id INTEGER PRIMARY KEY REFERENCES pledges (id),
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  told_at INTEGER
) STRICT;

CREATE TABLE link_requests (
  matrix_user_id TEXT NOT NULL,
  requested_at INTEGER NOT NULL
) STRICT;
CREATE INDEX link_requests_by_user ON link_requests (matrix_user_id, requested_at);

CREATE TABLE created_rooms (
  purpose TEXT PRIMARY KEY CHECK (purpose IN ('policy')),
  room_id TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

export interface BotRecordRepository {
  /** The proposal whose application released the pledge. */
  releasedBy(pledgeId: number): number | undefined;
  markReleased(pledgeId: number, proposalId: number): void;
  releaseTold(pledgeId: number): boolean;
  markReleaseTold(pledgeId: number, at: number): void;
  /** When the member asked for link codes since `since`, oldest first. */
  linkRequestsSince(matrixUserId: string, since: number): number[];
  addLinkRequest(matrixUserId: string, at: number): void;
  createdPolicyRoom(): string | undefined;
  rememberCreatedPolicyRoom(roomId: string): void;
}

export function createBotRecordRepository(db: Database): BotRecordRepository {
  const selectRelease = db.prepare<[number], { proposal_id: number; told_at: number | null }>(
    'SELECT proposal_id, told_at FROM pledge_releases WHERE pledge_id = ?',
  );
  const upsertRelease = db.prepare<[number, number]>(
    `INSERT INTO pledge_releases (pledge_id, proposal_id) VALUES (?, ?)
     ON CONFLICT (pledge_id) DO UPDATE SET proposal_id = excluded.proposal_id, told_at = NULL`,
  );
  const tell = db.prepare<[number, number]>('UPDATE pledge_releases SET told_at = ? WHERE pledge_id = ?');
  const selectRequests = db.prepare<[string, number], number>(
    'SELECT requested_at FROM link_requests WHERE matrix_user_id = ? AND requested_at > ? ORDER BY requested_at',
  ).pluck();
  const insertRequest = db.prepare<[string, number]>('INSERT INTO link_requests (matrix_user_id, requested_at) VALUES (?, ?)');
  // Requests older than a day count for nothing: dropped as new ones come.
  const pruneRequests = db.prepare<[number]>('DELETE FROM link_requests WHERE requested_at < ?');
  const selectRoom = db.prepare<[], string>("SELECT room_id FROM created_rooms WHERE purpose = 'policy'").pluck();
  const upsertRoom = db.prepare<[string]>(
    `INSERT INTO created_rooms (purpose, room_id) VALUES ('policy', ?)
     ON CONFLICT (purpose) DO UPDATE SET room_id = excluded.room_id`,
  );
  return {
    releasedBy: (pledgeId) => selectRelease.get(pledgeId)?.proposal_id,
    markReleased: (pledgeId, proposalId) => void upsertRelease.run(pledgeId, proposalId),
    releaseTold: (pledgeId) => (selectRelease.get(pledgeId)?.told_at ?? null) !== null,
    markReleaseTold: (pledgeId, at) => void tell.run(at, pledgeId),
    linkRequestsSince: (matrixUserId, since) => selectRequests.all(matrixUserId, since),
    addLinkRequest: (matrixUserId, at) => {
      pruneRequests.run(at - 86_400_000);
      insertRequest.run(matrixUserId, at);
    },
    createdPolicyRoom: () => selectRoom.get(),
    rememberCreatedPolicyRoom: (roomId) => void upsertRoom.run(roomId),
  };
}
