import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../storage/database.ts';
import { StorageError } from '../../../storage/errors.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion, type Migration } from '../../../storage/migrations.ts';
import { openStore } from '../../../storage/store.ts';
import { moveMetaFacts } from '../../../storage/named-facts.ts';
import { tempDir } from './storage-fixtures.ts';

function schemaOf(db: Database): unknown[] {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all();
}

function migratedFromEmpty(): Database {
  const db = openDatabase(':memory:');
  migrate(db);
  return db;
}

describe('migrations', () => {
  it('build the latest schema from an empty database', () => {
    const db = migratedFromEmpty();
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(schemaOf(db).length).toBeGreaterThan(10);
  });

  it.each(Array.from({ length: MIGRATIONS.length }, (_, k) => k))(
    'upgrade from version %i to the same schema as from empty',
    (k) => {
      const expected = schemaOf(migratedFromEmpty());
      const db = openDatabase(':memory:');
      expect(migrate(db, { target: k })).toEqual({ from: 0, to: k });
      expect(schemaVersion(db)).toBe(k);
      expect(migrate(db)).toEqual({ from: k, to: LATEST_SCHEMA_VERSION });
      expect(schemaOf(db)).toEqual(expected);
    },
  );

  it('are a no-op on an up-to-date database', () => {
    const db = migratedFromEmpty();
    const before = schemaOf(db);
    expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    expect(schemaOf(db)).toEqual(before);
  });

  it('keep data written at an earlier version', () => {
    const path = join(tempDir(), 'old.db');
    const db = openDatabase(path);
    migrate(db, { target: 1 });
    db.prepare(
      `INSERT INTO proposals (domain, action, duration_ms, proposer, state, created_at, updated_at)
       VALUES ('threads.net', 'suspend', 1000, '@alice:example.social', 'proposed', 1, 1)`,
    ).run();
    db.close();

    const store = openStore(path);
    expect(store.migration).toEqual({ from: 1, to: LATEST_SCHEMA_VERSION });
    expect(store.proposals.get(1)?.domain).toBe('threads.net');
    store.close();
  });

  it('move the facts once kept in meta to their tables, keeping each, and leave the Matrix client its own', () => {
    const path = join(tempDir(), 'facts.db');
    const db = openDatabase(path);
    const before = MIGRATIONS.findIndex((m) => m.up === moveMetaFacts);
    migrate(db, { target: before });
    db.prepare(
      `INSERT INTO proposals (domain, action, duration_ms, proposer, state, created_at, updated_at)
       VALUES ('threads.net', 'suspend', 1000, '@alice:example.social', 'applied', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO pledges (pledger, amount_minor, currency, period, condition_domain, condition_require, status, created_at, updated_at)
       VALUES ('@bob:example.social', 500, 'EUR', 'monthly', 'threads.net', 'blocked', 'released', 1, 1)`,
    ).run();
    const facts: [string, string][] = [
      ['matrix.syncToken', 's72594_4483_1934'],
      ['matrix.kv.device', 'ABC'],
      ['command.$cmd1', '1700000000000'],
      ['poll_end.$poll1:old.example.org.@mod:example.social', '$end1'],
      ['matrix.lastEvent.!town:example.social', '$last1'],
      ['encrypted.notice.!secret:example.social', '1700000000500'],
      ['encrypted.warned.!secret:example.social.1-2', '1700000000600'],
      ['notice-extras:1', JSON.stringify(['Impact of a block: 3 follows.'])],
      ['pledge-released-by:1', '1'],
      ['pledge-released-told:1', '1700000000700'],
      ['pledge-at-risk:1', '1'],
      ['link-requests:@bob:example.social', JSON.stringify([1700000000800, 1700000000900])],
      ['policy-room-id', '!policy:example.social'],
    ];
    for (const [key, value] of facts) db.prepare('INSERT INTO meta (key, value, updated_at) VALUES (?, ?, 1)').run(key, value);
    db.close();

    const store = openStore(path);
    expect(store.migration.from).toBe(before);
    expect(store.seen.commandSeen('$cmd1')).toBe(true);
    expect(store.seen.commandSeen('$cmd2')).toBe(false);
    expect(store.seen.pollEndSeen('$poll1:old.example.org', '@mod:example.social')).toBe(true);
    expect(store.seen.lastEvent('!town:example.social')).toBe('$last1');
    expect(store.notices.encryptedNoticeAt('!secret:example.social')).toBe(1700000000500);
    expect(store.notices.wasWarned('!secret:example.social', '1-2')).toBe(true);
    expect(store.notices.wasWarned('!secret:example.social', '1')).toBe(false);
    expect(store.notices.pollNoticeExtras(1)).toEqual(['Impact of a block: 3 follows.']);
    expect(store.records.releasedBy(1)).toBe(1);
    expect(store.records.releaseTold(1)).toBe(true);
    expect(store.records.linkRequestsSince('@bob:example.social', 0)).toEqual([1700000000800, 1700000000900]);
    expect(store.records.createdPolicyRoom()).toBe('!policy:example.social');
    expect(store.meta.get('matrix.syncToken')).toBe('s72594_4483_1934');
    expect(store.meta.get('matrix.kv.device')).toBe('ABC');
    for (const [key] of facts.slice(2)) expect(store.meta.get(key)).toBeUndefined();
    store.close();
  });

  it('make every table STRICT', () => {
    const db = migratedFromEmpty();
    const tables = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string; strict: number }[];
    expect(tables.length).toBeGreaterThan(10);
    expect(tables.filter((t) => t.strict !== 1).map((t) => t.name)).toEqual([]);
  });

  it('refuse a database written by a newer fedimoot', () => {
    const db = migratedFromEmpty();
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    expect(() => migrate(db, { path: '/srv/fedimoot.db' })).toThrow(StorageError);
    expect(() => migrate(db, { path: '/srv/fedimoot.db' })).toThrow(
      `The database at /srv/fedimoot.db has schema version ${LATEST_SCHEMA_VERSION + 1}, but this fedimoot knows ` +
        `versions up to ${LATEST_SCHEMA_VERSION}: it was written by a newer fedimoot.`,
    );
  });

  it('refuse a database that belongs to something else', () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY)');
    expect(() => migrate(db)).toThrow(/not a fedimoot database/);
  });

  it('apply nothing of a step that fails, and say which step', () => {
    const broken: Migration = { name: 'broken step', up: 'CREATE TABLE extra (a INTEGER) STRICT; INSERT INTO missing VALUES (1);' };
    const db = openDatabase(':memory:');
    let error: unknown;
    try {
      migrate(db, { migrations: [...MIGRATIONS, broken], path: 'x.db' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Upgrading the database at x\\.db to schema version ${MIGRATIONS.length + 1} \\(broken step\\) failed: .*missing`),
    );
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'extra'").get()).toEqual({ n: 0 });
  });

  it('accept a function step', () => {
    const step: Migration = { name: 'seed', up: (db) => db.prepare("INSERT INTO meta VALUES ('seeded', 'yes', 0)").run() };
    const db = openDatabase(':memory:');
    migrate(db, { migrations: [...MIGRATIONS, step] });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length + 1);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'seeded'").pluck().get()).toBe('yes');
  });
});
