// The hash-chained decision log. The caller builds the canonical entry and its hash; storage keeps the text byte for
// byte, assigns the sequence number, refuses an entry whose prev_hash is not the last hash (a trigger), and refuses
// any change or deletion (triggers), so what was published stays verifiable.

import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';
import { optional, parseJson } from './sql-values.ts';

export interface LogEntry {
  seq: number;
  /** Absent for entries that belong to no proposal. */
  proposalId?: number;
  /** The canonical JSON exactly as hashed. */
  entryJson: string;
  entry: unknown;
  /** Absent on a first entry written without one. */
  prevHash?: string;
  hash: string;
  createdAt: number;
}

export interface NewLogEntry {
  proposalId?: number;
  entryJson: string;
  /** Must equal the hash of the last entry; the first entry's is free (the log's own convention). */
  prevHash?: string;
  hash: string;
  createdAt?: number;
}

export interface LogEntryRepository {
  /** Appends and returns the new entry's sequence number; throws if the chain would break. */
  append(entry: NewLogEntry): number;
  last(): LogEntry | undefined;
  get(seq: number): LogEntry | undefined;
  forProposal(proposalId: number): LogEntry[];
  /** Oldest first, from `afterSeq` (exclusive). */
  list(afterSeq?: number, limit?: number): LogEntry[];
  /** Newest first. */
  recent(limit: number): LogEntry[];
}

interface LogEntryRow {
  seq: number;
  proposal_id: number | null;
  entry_json: string;
  prev_hash: string | null;
  hash: string;
  created_at: number;
}

function toLogEntry(row: LogEntryRow): LogEntry {
  return {
    seq: row.seq,
    proposalId: optional(row.proposal_id),
    entryJson: row.entry_json,
    entry: parseJson<unknown>(row.entry_json),
    prevHash: optional(row.prev_hash),
    hash: row.hash,
    createdAt: row.created_at,
  };
}

const mapOne = (row: LogEntryRow | undefined) => (row === undefined ? undefined : toLogEntry(row));

export function createLogEntryRepository(db: Database, clock: Clock): LogEntryRepository {
  const insert = db.prepare<[number | null, string, string | null, string, number], { seq: number }>(
    `INSERT INTO log_entries (proposal_id, entry_json, prev_hash, hash, created_at) VALUES (?, ?, ?, ?, ?)
     RETURNING seq`,
  );
  const selectLast = db.prepare<[], LogEntryRow>('SELECT * FROM log_entries ORDER BY seq DESC LIMIT 1');
  const selectBySeq = db.prepare<[number], LogEntryRow>('SELECT * FROM log_entries WHERE seq = ?');
  const selectForProposal = db.prepare<[number], LogEntryRow>(
    'SELECT * FROM log_entries WHERE proposal_id = ? ORDER BY seq',
  );
  const selectAfter = db.prepare<[number, number], LogEntryRow>(
    'SELECT * FROM log_entries WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const selectRecent = db.prepare<[number], LogEntryRow>('SELECT * FROM log_entries ORDER BY seq DESC LIMIT ?');

  return {
    append(entry) {
      const { entryJson, hash } = entry;
      const createdAt = entry.createdAt ?? clock();
      return insert.get(entry.proposalId ?? null, entryJson, entry.prevHash ?? null, hash, createdAt)!.seq;
    },
    last: () => mapOne(selectLast.get()),
    get: (seq) => mapOne(selectBySeq.get(seq)),
    forProposal: (proposalId) => selectForProposal.all(proposalId).map(toLogEntry),
    list: (afterSeq = 0, limit = -1) => selectAfter.all(afterSeq, limit).map(toLogEntry),
    recent: (limit) => selectRecent.all(limit).map(toLogEntry),
  };
}
