// Personal impact of cuts, kept for the member alone: the accounts they followed on a domain before a cut (to give
// back once it is lifted), which notices each member was sent for a proposal (so each is sent once), and who turned
// the notices off. Nothing here is ever published, logged or shown in a room.
import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';

/** Schema of the migration step that adds these tables (storage/migrations.ts). */
export const PERSONAL_IMPACT = `
-- What a member followed on a domain, saved when a cut of it was proposed or approved: a JSON array of addresses.
CREATE TABLE personal_follow_lists (
  matrix_user_id TEXT NOT NULL,
  domain TEXT NOT NULL CHECK (domain <> ''),
  accounts_json TEXT NOT NULL CHECK (json_valid(accounts_json) AND json_type(accounts_json) = 'array'),
  saved_at INTEGER NOT NULL,
  PRIMARY KEY (matrix_user_id, domain)
) STRICT, WITHOUT ROWID;

-- One private notice per proposal, milestone and member.
CREATE TABLE personal_impact_notices (
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  milestone TEXT NOT NULL CHECK (milestone IN ('opened', 'approved', 'lifted')),
  matrix_user_id TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (proposal_id, milestone, matrix_user_id)
) STRICT, WITHOUT ROWID;

-- Members who asked for no notices (!moot impact notify off).
CREATE TABLE personal_impact_opt_outs (
  matrix_user_id TEXT PRIMARY KEY,
  since INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`;

export type PersonalNotice = 'opened' | 'approved' | 'lifted';

export interface SavedFollowList {
  matrixUserId: string;
  domain: string;
  accounts: string[];
  savedAt: number;
}

export interface PersonalImpactRepository {
  /** Saves (replacing) what the member follows on the domain. */
  saveList(matrixUserId: string, domain: string, accounts: readonly string[]): void;
  /** Every saved list, for the lift of a domain to find those it covers. */
  lists(): SavedFollowList[];
  deleteList(matrixUserId: string, domain: string): void;
  /** Forgets everything about the member (on unlink). */
  forget(matrixUserId: string): void;
  wasSent(proposalId: number, milestone: PersonalNotice, matrixUserId: string): boolean;
  markSent(proposalId: number, milestone: PersonalNotice, matrixUserId: string): void;
  /** Turns the member's notices on or off. */
  setNotify(matrixUserId: string, on: boolean): void;
  notifies(matrixUserId: string): boolean;
}

interface ListRow {
  matrix_user_id: string;
  domain: string;
  accounts_json: string;
  saved_at: number;
}

export function createPersonalImpactRepository(db: Database, clock: Clock): PersonalImpactRepository {
  const upsertList = db.prepare<[string, string, string, number]>(
    `INSERT INTO personal_follow_lists (matrix_user_id, domain, accounts_json, saved_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (matrix_user_id, domain) DO UPDATE SET accounts_json = excluded.accounts_json, saved_at = excluded.saved_at`,
  );
  const selectLists = db.prepare<[], ListRow>('SELECT * FROM personal_follow_lists ORDER BY matrix_user_id, domain');
  const removeList = db.prepare<[string, string]>('DELETE FROM personal_follow_lists WHERE matrix_user_id = ? AND domain = ?');
  const removeLists = db.prepare<[string]>('DELETE FROM personal_follow_lists WHERE matrix_user_id = ?');
  const removeOptOut = db.prepare<[string]>('DELETE FROM personal_impact_opt_outs WHERE matrix_user_id = ?');
  const selectSent = db.prepare<[number, string, string], number>(
    'SELECT 1 FROM personal_impact_notices WHERE proposal_id = ? AND milestone = ? AND matrix_user_id = ?',
  ).pluck();
  const insertSent = db.prepare<[number, string, string, number]>(
    'INSERT OR IGNORE INTO personal_impact_notices (proposal_id, milestone, matrix_user_id, sent_at) VALUES (?, ?, ?, ?)',
  );
  const insertOptOut = db.prepare<[string, number]>('INSERT OR IGNORE INTO personal_impact_opt_outs (matrix_user_id, since) VALUES (?, ?)');
  const selectOptOut = db.prepare<[string], number>('SELECT 1 FROM personal_impact_opt_outs WHERE matrix_user_id = ?').pluck();

  return {
    saveList: (user, domain, accounts) => void upsertList.run(user, domain, JSON.stringify(accounts), clock()),
    lists: () => selectLists.all().map((row) => ({
      matrixUserId: row.matrix_user_id, domain: row.domain, accounts: JSON.parse(row.accounts_json) as string[], savedAt: row.saved_at,
    })),
    deleteList: (user, domain) => void removeList.run(user, domain),
    forget(user) {
      removeLists.run(user);
      removeOptOut.run(user);
    },
    wasSent: (id, milestone, user) => selectSent.get(id, milestone, user) !== undefined,
    markSent: (id, milestone, user) => void insertSent.run(id, milestone, user, clock()),
    setNotify(user, on) {
      if (on) removeOptOut.run(user);
      else insertOptOut.run(user, clock());
    },
    notifies: (user) => selectOptOut.get(user) === undefined,
  };
}
