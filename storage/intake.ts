// The signal intake's memory: each followed source's state (validators, FIRES cursor, whether it reads), its last good
// reading (one row per domain it blocks), and the marks of drafts already shown to staff. A reading, the state change
// it brings and the notices it causes are written in one transaction (bot/intake/poll.ts), so a crash can neither
// lose a notice nor send it twice.
import type { SourceBlock, SourceSeverity } from '../governance/intake.ts';
import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';
import { optional } from './sql-values.ts';

/** Schema of the migration step that adds these tables (storage/migrations.ts). */
export const SIGNAL_INTAKE = `
CREATE TABLE intake_sources (
  name TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  format TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  cursor TEXT,
  -- new: never read; ok: the last read worked; failing: it did not, and staff were told (once).
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'ok', 'failing')),
  problem TEXT,
  skipped INTEGER NOT NULL DEFAULT 0,
  last_read_at INTEGER,
  last_ok_at INTEGER,
  failing_since INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE TABLE intake_blocks (
  source TEXT NOT NULL REFERENCES intake_sources (name) ON DELETE CASCADE,
  domain TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('suspend', 'limit')),
  reason TEXT,
  link TEXT,
  PRIMARY KEY (source, domain)
) STRICT;
CREATE TABLE intake_shown (
  key TEXT PRIMARY KEY,
  shown_at INTEGER NOT NULL
) STRICT;
`;

export type SourceStatus = 'new' | 'ok' | 'failing';

export interface SourceState {
  name: string;
  url: string;
  format: string;
  etag?: string;
  lastModified?: string;
  cursor?: string;
  status: SourceStatus;
  problem?: string;
  skipped: number;
  lastReadAt?: number;
  lastOkAt?: number;
  failingSince?: number;
}

interface SourceRow {
  name: string;
  url: string;
  format: string;
  etag: string | null;
  last_modified: string | null;
  cursor: string | null;
  status: SourceStatus;
  problem: string | null;
  skipped: number;
  last_read_at: number | null;
  last_ok_at: number | null;
  failing_since: number | null;
}

const toState = (r: SourceRow): SourceState => ({
  name: r.name,
  url: r.url,
  format: r.format,
  etag: optional(r.etag),
  lastModified: optional(r.last_modified),
  cursor: optional(r.cursor),
  status: r.status,
  problem: optional(r.problem),
  skipped: r.skipped,
  lastReadAt: optional(r.last_read_at),
  lastOkAt: optional(r.last_ok_at),
  failingSince: optional(r.failing_since),
});

export interface GoodRead {
  blocks: readonly SourceBlock[];
  skipped: number;
  etag?: string;
  lastModified?: string;
  cursor?: string;
}

export interface IntakeRepository {
  /**
   * Makes the stored sources those configured: new ones added, removed ones dropped with their readings, and one
   * whose url or format changed starts over (its old reading came from elsewhere).
   */
  syncSources(sources: readonly { name: string; url: string; format: string }[]): void;
  sources(): SourceState[];
  source(name: string): SourceState | undefined;
  blocks(name: string): SourceBlock[];
  /** A read that worked: replaces the reading (or only the time, when `unchanged`: a 304). */
  recordRead(name: string, at: number, read: GoodRead | 'unchanged'): void;
  /** A read that failed; the reading stays as it was. */
  recordFailure(name: string, at: number, problem: string): void;
  shownKeys(): Set<string>;
  /** False when the key was already marked. */
  markShown(key: string, at: number): boolean;
  forget(keys: readonly string[]): void;
}

export function createIntakeRepository(db: Database, clock: Clock): IntakeRepository {
  const selectAll = db.prepare<[], SourceRow>('SELECT * FROM intake_sources ORDER BY name');
  const selectOne = db.prepare<[string], SourceRow>('SELECT * FROM intake_sources WHERE name = ?');
  const insertSource = db.prepare<[string, string, string, number]>('INSERT INTO intake_sources (name, url, format, updated_at) VALUES (?, ?, ?, ?)');
  const deleteSource = db.prepare<[string]>('DELETE FROM intake_sources WHERE name = ?');
  const deleteBlocks = db.prepare<[string]>('DELETE FROM intake_blocks WHERE source = ?');
  const selectBlocks = db.prepare<[string], { domain: string; severity: SourceSeverity; reason: string | null; link: string | null }>(
    'SELECT domain, severity, reason, link FROM intake_blocks WHERE source = ? ORDER BY domain',
  );
  const insertBlock = db.prepare<[string, string, string, string | null, string | null]>(
    'INSERT OR REPLACE INTO intake_blocks (source, domain, severity, reason, link) VALUES (?, ?, ?, ?, ?)',
  );
  const readOk = db.prepare<[{ name: string; at: number; etag: string | null; lastModified: string | null; cursor: string | null; skipped: number }]>(
    `UPDATE intake_sources SET status = 'ok', problem = NULL, failing_since = NULL, last_read_at = @at, last_ok_at = @at,
       etag = @etag, last_modified = @lastModified, cursor = @cursor, skipped = @skipped, updated_at = @at WHERE name = @name`,
  );
  const readUnchanged = db.prepare<[{ name: string; at: number }]>(
    `UPDATE intake_sources SET status = 'ok', problem = NULL, failing_since = NULL, last_read_at = @at, last_ok_at = @at, updated_at = @at
     WHERE name = @name`,
  );
  const readFailed = db.prepare<[{ name: string; at: number; problem: string }]>(
    `UPDATE intake_sources SET status = 'failing', problem = @problem, last_read_at = @at, updated_at = @at,
       failing_since = coalesce(failing_since, @at) WHERE name = @name`,
  );
  const selectShown = db.prepare<[], string>('SELECT key FROM intake_shown').pluck();
  const insertShown = db.prepare<[string, number]>('INSERT INTO intake_shown (key, shown_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  const deleteShown = db.prepare<[string]>('DELETE FROM intake_shown WHERE key = ?');

  return {
    syncSources: db.transaction((sources: readonly { name: string; url: string; format: string }[]) => {
      const wanted = new Map(sources.map((s) => [s.name, s]));
      for (const row of selectAll.all()) {
        const want = wanted.get(row.name);
        if (want && want.url === row.url && want.format === row.format) continue;
        deleteBlocks.run(row.name);
        deleteSource.run(row.name);
      }
      for (const s of sources) if (!selectOne.get(s.name)) insertSource.run(s.name, s.url, s.format, clock());
    }),
    sources: () => selectAll.all().map(toState),
    source: (name) => {
      const row = selectOne.get(name);
      return row && toState(row);
    },
    blocks: (name) => selectBlocks.all(name).map((b) => ({ ...b })),
    recordRead: db.transaction((name: string, at: number, read: GoodRead | 'unchanged') => {
      if (read === 'unchanged') {
        readUnchanged.run({ name, at });
        return;
      }
      deleteBlocks.run(name);
      for (const b of read.blocks) insertBlock.run(name, b.domain, b.severity, b.reason, b.link);
      readOk.run({ name, at, etag: read.etag ?? null, lastModified: read.lastModified ?? null, cursor: read.cursor ?? null, skipped: read.skipped });
    }),
    recordFailure: (name, at, problem) => void readFailed.run({ name, at, problem }),
    shownKeys: () => new Set(selectShown.all()),
    markShown: (key, at) => insertShown.run(key, at).changes === 1,
    forget: (keys) => {
      for (const key of keys) deleteShown.run(key);
    },
  };
}
