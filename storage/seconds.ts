// Seconds: members supporting a proposal before it opens. One per member and proposal; seconding twice is a no-op.

import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';

export interface Second {
  userId: string;
  ts: number;
}

export interface SecondRepository {
  /** True when this is the member's first second of the proposal. */
  add(proposalId: number, userId: string, ts?: number): boolean;
  count(proposalId: number): number;
  list(proposalId: number): Second[];
}

export function createSecondRepository(db: Database, clock: Clock): SecondRepository {
  const insert = db.prepare<[number, string, number]>(
    'INSERT INTO seconds (proposal_id, user_id, ts) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const count = db.prepare<[number], number>('SELECT count(*) FROM seconds WHERE proposal_id = ?').pluck();
  const list = db.prepare<[number], Second>(
    'SELECT user_id AS userId, ts FROM seconds WHERE proposal_id = ? ORDER BY ts, user_id',
  );
  return {
    add: (proposalId, userId, ts = clock()) => insert.run(proposalId, userId, ts).changes === 1,
    count: (proposalId) => count.get(proposalId) ?? 0,
    list: (proposalId) => list.all(proposalId),
  };
}
