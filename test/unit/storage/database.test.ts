import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../storage/database.ts';
import { StorageError } from '../../../storage/errors.ts';
import { openStore } from '../../../storage/store.ts';
import { T0, tempDir, vote } from './storage-fixtures.ts';

function errorOf(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StorageError) return err;
    throw new Error(`expected a StorageError, got ${String(err)}`);
  }
  throw new Error('expected a StorageError, got nothing');
}

const isRoot = process.getuid?.() === 0;

describe('openDatabase', () => {
  it('creates missing folders and sets the pragmas', () => {
    const path = join(tempDir(), 'data', 'nested', 'fedimoot.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('opens an in-memory database', () => {
    const db = openDatabase(':memory:');
    expect(db.memory).toBe(true);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('says so when a part of the path is a file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'data'), 'not a folder');
    const path = join(dir, 'data', 'fedimoot.db');
    const error = errorOf(() => openDatabase(path));
    expect(error.message).toBe(
      `Cannot create the folder ${join(dir, 'data')} for the database at ${path}: ` +
        'a part of that path is a file, not a folder.',
    );
    expect(error.path).toBe(path);
  });

  it('says so when the path is a folder', () => {
    const dir = tempDir();
    expect(errorOf(() => openDatabase(dir)).message).toBe(`Cannot open the database at ${dir}: it is a folder, not a file.`);
  });

  it('says so when the file is not a database', () => {
    const path = join(tempDir(), 'notes.db');
    writeFileSync(path, 'These are my notes, not a database. '.repeat(200));
    expect(errorOf(() => openDatabase(path)).message).toBe(
      `Cannot use the database at ${path}: the file is not a SQLite database.`,
    );
  });

  it.skipIf(isRoot)('says so when the folder is not writable', () => {
    const dir = join(tempDir(), 'locked');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    try {
      const error = errorOf(() => openDatabase(join(dir, 'fedimoot.db')));
      expect(error.message).toMatch(/^Cannot write in the folder .*locked.*: permission denied\.$/);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it.skipIf(isRoot)('says so when a folder cannot be created', () => {
    const dir = join(tempDir(), 'locked');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    try {
      const error = errorOf(() => openDatabase(join(dir, 'data', 'fedimoot.db')));
      expect(error.message).toMatch(/^Cannot create the folder .*data for the database at .*: permission denied\.$/);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('returns a StorageError, not a hang, on a file system that refuses folders', () => {
    // /proc refuses mkdir with ENOENT, which sends Node's recursive mkdir into an endless loop.
    const error = errorOf(() => openDatabase('/proc/fedimoot-test/data/fedimoot.db'));
    expect(error.message).toMatch(/^Cannot create the folder \/proc\/fedimoot-test\/data for the database at .*: /);
  });
});

describe('a store reopened after close', () => {
  it('keeps everything', () => {
    const path = join(tempDir(), 'fedimoot.db');
    const first = openStore(path, { clock: () => T0 });
    const { proposal } = first.proposals.create({
      domain: 'threads.net',
      action: 'suspend',
      durationMs: 1000,
      proposer: '@alice:example.social',
      evidence: [{ url: 'https://example.org/report', visibility: 'public' }],
    });
    first.proposals.advance(proposal.id, { type: 'open' }, { fields: { openedAt: T0, deadlineAt: T0 + 1000 } });
    first.eligibility.insertMany(proposal.id, ['@bob:example.social']);
    first.votes.recordVote(proposal.id, vote('@bob:example.social', ['yes'], T0 + 10));
    first.jobs.schedule({ kind: 'close', key: `close:${proposal.id}`, runAt: T0 + 1000, proposalId: proposal.id });
    first.audit.append({ actor: '@alice:example.social', action: 'propose', proposalId: proposal.id });
    first.meta.set('matrix.syncToken', 's72594_4483_1934');
    first.close();

    const second = openStore(path);
    expect(second.migration.from).toBe(second.migration.to);
    expect(second.proposals.get(proposal.id)).toMatchObject({ state: 'open', deadlineAt: T0 + 1000 });
    expect(second.proposals.evidence(proposal.id)).toEqual([{ url: 'https://example.org/report', visibility: 'public' }]);
    expect(second.votes.tally(proposal.id)).toEqual({ yes: 1, no: 0, abstain: 0, spoiled: 0, eligible: 1, cast: 1 });
    expect(second.jobs.getByKey(`close:${proposal.id}`)?.state).toBe('pending');
    expect(second.audit.list()).toHaveLength(1);
    expect(second.meta.get('matrix.syncToken')).toBe('s72594_4483_1934');
    second.close();
  });
});
