// The audit trail: who did what, where, when. Append-only; triggers in the schema abort any UPDATE or DELETE.

import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';
import { optional, parseJson } from './sql-values.ts';

export interface AuditEntry {
  id: number;
  ts: number;
  /** A Matrix user id, or e.g. "fedimoot" / "cli" for the bot's own acts. */
  actor: string;
  roomId?: string;
  action: string;
  proposalId?: number;
  detail: Record<string, unknown>;
}

export interface NewAuditEntry {
  actor: string;
  action: string;
  roomId?: string;
  proposalId?: number;
  detail?: Record<string, unknown>;
  ts?: number;
}

export interface AuditQuery {
  proposalId?: number;
  /** Entries with a smaller id only, for paging back. */
  beforeId?: number;
  limit?: number;
}

export interface AuditRepository {
  append(entry: NewAuditEntry): number;
  /** Newest first. */
  list(query?: AuditQuery): AuditEntry[];
}

interface AuditRow {
  id: number;
  ts: number;
  actor: string;
  room_id: string | null;
  action: string;
  proposal_id: number | null;
  detail_json: string;
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    ts: row.ts,
    actor: row.actor,
    roomId: optional(row.room_id),
    action: row.action,
    proposalId: optional(row.proposal_id),
    detail: parseJson<Record<string, unknown>>(row.detail_json),
  };
}

export function createAuditRepository(db: Database, clock: Clock): AuditRepository {
  const insert = db.prepare<[number, string, string | null, string, number | null, string], { id: number }>(
    `INSERT INTO audit (ts, actor, room_id, action, proposal_id, detail_json) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const select = db.prepare<[{ proposalId: number | null; beforeId: number | null; limit: number }], AuditRow>(
    `SELECT * FROM audit WHERE (@proposalId IS NULL OR proposal_id = @proposalId)
       AND (@beforeId IS NULL OR id < @beforeId)
     ORDER BY id DESC LIMIT @limit`,
  );
  return {
    append: (entry) =>
      insert.get(
        entry.ts ?? clock(),
        entry.actor,
        entry.roomId ?? null,
        entry.action,
        entry.proposalId ?? null,
        JSON.stringify(entry.detail ?? {}),
      )!.id,
    list: (query = {}) =>
      select
        .all({ proposalId: query.proposalId ?? null, beforeId: query.beforeId ?? null, limit: query.limit ?? 100 })
        .map(toAuditEntry),
  };
}
