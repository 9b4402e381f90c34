// Versioned migrations. The schema version is PRAGMA user_version = the number of migrations applied; migration k
// (1-based) takes the database from version k-1 to k, in one transaction together with the version bump.
// Append new migrations at the end; never edit or reorder one that has shipped.

import type { Database } from './database.ts';
import { explainSqliteError } from './database.ts';
import { StorageError } from './errors.ts';
import { PERSONAL_IMPACT } from './personal-impact.ts';
import { PROPOSAL_PLANS } from './stages.ts';
import { moveMetaFacts } from './named-facts.ts';
import { PEER_READINGS } from './peer-readings.ts';
import { SIGNAL_INTAKE } from './intake.ts';
import { DECISION_LOG, JOBS_AND_AUDIT, PLEDGES_AND_LINKS, PRIOR_BLOCKS, PROPOSALS_AND_VOTES, UNREADABLE_RESPONSES } from './schema.ts';

export interface Migration {
  /** What the migration does, for logs and errors. */
  name: string;
  /**
   * SQL run with `exec`, or a function for steps SQL alone cannot do. Either runs inside the migration's
   * transaction, where PRAGMA foreign_keys cannot be changed: a table rebuild must keep foreign keys valid.
   */
  up: string | ((db: Database) => void);
}

export const MIGRATIONS: readonly Migration[] = [
  { name: 'proposals, polls, eligibility and votes', up: PROPOSALS_AND_VOTES },
  { name: 'jobs and audit', up: JOBS_AND_AUDIT },
  { name: 'decision log', up: DECISION_LOG },
  { name: 'pledges and account links', up: PLEDGES_AND_LINKS },
  { name: 'the block a proposal starts from', up: PRIOR_BLOCKS },
  { name: 'unreadable (encrypted) poll responses', up: UNREADABLE_RESPONSES },
  { name: 'personal follow lists and notices', up: PERSONAL_IMPACT },
  { name: 'second stages and review dates of proposals', up: PROPOSAL_PLANS },
  { name: 'named tables for the facts once kept in meta', up: moveMetaFacts },
  { name: 'peer watch: the peers\' last readings', up: PEER_READINGS },
  { name: 'signal intake: followed sources, their readings, drafts shown', up: SIGNAL_INTAKE },
  { name: 'current votes kept in memory, rebuilt from the votes (storage/votes.ts)', up: 'DROP TABLE current_votes' },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrateOptions {
  migrations?: readonly Migration[];
  /** Stop after this version (tests use it to build every earlier version). Defaults to the latest. */
  target?: number;
  /** The database file, for error messages. */
  path?: string;
}

export interface MigrateResult {
  from: number;
  to: number;
}

/** Brings the database up to `target`, refusing one newer than the code and one that is not fedimoot's. */
export function migrate(db: Database, options: MigrateOptions = {}): MigrateResult {
  const migrations = options.migrations ?? MIGRATIONS;
  const target = options.target ?? migrations.length;
  const where = options.path ? ` at ${options.path}` : '';
  const from = schemaVersion(db);

  if (from > migrations.length) {
    throw new StorageError(
      `The database${where} has schema version ${from}, but this fedimoot knows versions up to ` +
        `${migrations.length}: it was written by a newer fedimoot. Run that version, or restore a backup made ` +
        'before the upgrade.',
      options.path,
    );
  }
  if (from === 0 && hasForeignTables(db)) {
    throw new StorageError(
      `The database${where} already holds tables but no fedimoot schema version: it is not a fedimoot database. ` +
        'Point storage.path at a new file.',
      options.path,
    );
  }

  for (let version = from + 1; version <= target; version++) {
    const migration = migrations[version - 1];
    if (!migration) break;
    try {
      db.transaction(() => {
        if (typeof migration.up === 'string') db.exec(migration.up);
        else migration.up(db);
        assertForeignKeysHold(db);
        db.pragma(`user_version = ${version}`);
      })();
    } catch (err) {
      if (err instanceof StorageError) throw err;
      throw new StorageError(
        `Upgrading the database${where} to schema version ${version} (${migration.name}) failed: ` +
          `${explainSqliteError(err)}. Nothing of that step was applied.`,
        options.path,
        { cause: err },
      );
    }
  }
  return { from, to: Math.max(from, Math.min(target, migrations.length)) };
}

function hasForeignTables(db: Database): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as {
    n: number;
  };
  return row.n > 0;
}

function assertForeignKeysHold(db: Database): void {
  const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  const first = broken[0];
  if (first) {
    throw new Error(`${broken.length} row(s) of ${first.table} refer to missing rows of ${first.parent}`);
  }
}
