// Links between Matrix users and local instance accounts (one-to-one both ways), and the one-time codes that prove
// them. Only a hash of each code is stored; hashing and comparing is the caller's job.

import type { Database } from './database.ts';
import { AccountAlreadyLinkedError } from './errors.ts';
import type { Clock } from './sql-values.ts';
import { optional } from './sql-values.ts';

export interface AccountLink {
  matrixUserId: string;
  /** The local account's handle (username), compared case-insensitively. */
  acct: string;
  accountId: string;
  /** When the instance account was created, for the minimum-account-age rule. */
  accountCreatedAt?: number;
  verifiedAt: number;
}

export interface LinkCode {
  id: number;
  matrixUserId: string;
  acct: string;
  accountId: string;
  codeHash: string;
  createdAt: number;
  expiresAt: number;
  usedAt?: number;
  attempts: number;
}

export interface NewLinkCode {
  matrixUserId: string;
  acct: string;
  accountId: string;
  codeHash: string;
  expiresAt: number;
  createdAt?: number;
}

export interface LinkRepository {
  /** Links (replacing the user's previous link); throws AccountAlreadyLinkedError if another user holds the account. */
  link(link: AccountLink): void;
  unlink(matrixUserId: string): boolean;
  byMatrixUser(matrixUserId: string): AccountLink | undefined;
  byAcct(acct: string): AccountLink | undefined;
  byAccountId(accountId: string): AccountLink | undefined;
  /** Every link, by Matrix user. */
  list(): AccountLink[];
  createCode(code: NewLinkCode): LinkCode;
  /** The user's newest code that is neither used nor expired. */
  pendingCode(matrixUserId: string, now?: number): LinkCode | undefined;
  /** Counts a verification attempt against the code and returns the new count. */
  recordAttempt(codeId: number): number;
  /** False if the code was already used. */
  markCodeUsed(codeId: number, now?: number): boolean;
  /** Deletes codes that expired before `before`; returns how many. */
  purgeCodes(before: number): number;
}

interface LinkRow {
  matrix_user_id: string;
  acct: string;
  account_id: string;
  account_created_at: number | null;
  verified_at: number;
}

interface CodeRow {
  id: number;
  matrix_user_id: string;
  acct: string;
  account_id: string;
  code_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  attempts: number;
}

function toLink(row: LinkRow | undefined): AccountLink | undefined {
  if (!row) return undefined;
  return {
    matrixUserId: row.matrix_user_id,
    acct: row.acct,
    accountId: row.account_id,
    accountCreatedAt: optional(row.account_created_at),
    verifiedAt: row.verified_at,
  };
}

function toCode(row: CodeRow): LinkCode {
  return {
    id: row.id,
    matrixUserId: row.matrix_user_id,
    acct: row.acct,
    accountId: row.account_id,
    codeHash: row.code_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: optional(row.used_at),
    attempts: row.attempts,
  };
}

export function createLinkRepository(db: Database, clock: Clock): LinkRepository {
  const selectByUser = db.prepare<[string], LinkRow>('SELECT * FROM account_links WHERE matrix_user_id = ?');
  const selectByAcct = db.prepare<[string], LinkRow>('SELECT * FROM account_links WHERE acct = ?');
  const selectByAccountId = db.prepare<[string], LinkRow>('SELECT * FROM account_links WHERE account_id = ?');
  const upsertLink = db.prepare<[string, string, string, number | null, number]>(
    `INSERT INTO account_links (matrix_user_id, acct, account_id, account_created_at, verified_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (matrix_user_id) DO UPDATE SET acct = excluded.acct, account_id = excluded.account_id,
       account_created_at = excluded.account_created_at, verified_at = excluded.verified_at`,
  );
  const selectAll = db.prepare<[], LinkRow>('SELECT * FROM account_links ORDER BY matrix_user_id');
  const deleteLink = db.prepare<[string]>('DELETE FROM account_links WHERE matrix_user_id = ?');
  const insertCode = db.prepare<[string, string, string, string, number, number], CodeRow>(
    `INSERT INTO link_codes (matrix_user_id, acct, account_id, code_hash, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const selectPending = db.prepare<[string, number], CodeRow>(
    `SELECT * FROM link_codes WHERE matrix_user_id = ? AND used_at IS NULL AND expires_at > ?
     ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  const incrementAttempts = db.prepare<[number], number>(
    'UPDATE link_codes SET attempts = attempts + 1 WHERE id = ? RETURNING attempts',
  ).pluck();
  const markUsed = db.prepare<[number, number]>('UPDATE link_codes SET used_at = ? WHERE id = ? AND used_at IS NULL');
  const purge = db.prepare<[number]>('DELETE FROM link_codes WHERE expires_at < ?');

  const link = db.transaction((input: AccountLink) => {
    for (const holder of [selectByAcct.get(input.acct), selectByAccountId.get(input.accountId)]) {
      if (holder && holder.matrix_user_id !== input.matrixUserId) {
        throw new AccountAlreadyLinkedError(holder.acct, holder.matrix_user_id);
      }
    }
    upsertLink.run(input.matrixUserId, input.acct, input.accountId, input.accountCreatedAt ?? null, input.verifiedAt);
  });

  return {
    link: (input) => link(input),
    unlink: (matrixUserId) => deleteLink.run(matrixUserId).changes === 1,
    byMatrixUser: (matrixUserId) => toLink(selectByUser.get(matrixUserId)),
    byAcct: (acct) => toLink(selectByAcct.get(acct)),
    byAccountId: (accountId) => toLink(selectByAccountId.get(accountId)),
    list: () => selectAll.all().map((row) => toLink(row)!),
    createCode(code) {
      const { matrixUserId, acct, accountId, codeHash, expiresAt } = code;
      return toCode(insertCode.get(matrixUserId, acct, accountId, codeHash, code.createdAt ?? clock(), expiresAt)!);
    },
    pendingCode(matrixUserId, now = clock()) {
      const row = selectPending.get(matrixUserId, now);
      return row ? toCode(row) : undefined;
    },
    recordAttempt: (codeId) => incrementAttempts.get(codeId) ?? 0,
    markCodeUsed: (codeId, now = clock()) => markUsed.run(now, codeId).changes === 1,
    purgeCodes: (before) => purge.run(before).changes,
  };
}
