// The eligibility snapshot: who may vote on a proposal, fixed when its poll opens (DESIGN.md, brigading guard).

import type { Database } from './database.ts';

export interface EligibilityRepository {
  /** Adds voters to the snapshot in one transaction; returns how many were new. */
  insertMany(proposalId: number, userIds: Iterable<string>): number;
  isEligible(proposalId: number, userId: string): boolean;
  count(proposalId: number): number;
  list(proposalId: number): string[];
}

export function createEligibilityRepository(db: Database): EligibilityRepository {
  const insert = db.prepare<[number, string]>(
    'INSERT INTO eligibility (proposal_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const exists = db.prepare<[number, string], number>(
    'SELECT 1 FROM eligibility WHERE proposal_id = ? AND user_id = ?',
  ).pluck();
  const count = db.prepare<[number], number>('SELECT count(*) FROM eligibility WHERE proposal_id = ?').pluck();
  const list = db.prepare<[number], string>(
    'SELECT user_id FROM eligibility WHERE proposal_id = ? ORDER BY user_id',
  ).pluck();

  const insertMany = db.transaction((proposalId: number, userIds: Iterable<string>) => {
    let added = 0;
    for (const userId of userIds) added += insert.run(proposalId, userId).changes;
    return added;
  });

  return {
    insertMany: (proposalId, userIds) => insertMany(proposalId, userIds),
    isEligible: (proposalId, userId) => exists.get(proposalId, userId) !== undefined,
    count: (proposalId) => count.get(proposalId) ?? 0,
    list: (proposalId) => list.all(proposalId),
  };
}
