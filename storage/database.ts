// Opening the SQLite file: make sure its folder exists and is writable, set the pragmas every connection needs, and
// turn every way this can fail into a StorageError that names the path and says why in plain words.

import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { StorageError } from './errors.ts';

export { StorageError };

export type Database = BetterSqlite3.Database;

export const MEMORY_PATH = ':memory:';
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the database at `path` with WAL, foreign keys, a busy timeout and synchronous=NORMAL.
 * `:memory:` gives a private in-memory database. Does not migrate: see `openStore`.
 */
export function openDatabase(path: string): Database {
  const inMemory = path === MEMORY_PATH;
  const shownPath = inMemory ? path : resolve(path);
  if (!inMemory) prepareLocation(shownPath);

  let db: Database;
  try {
    db = new BetterSqlite3(shownPath, { timeout: BUSY_TIMEOUT_MS });
  } catch (err) {
    throw new StorageError(`Cannot open the database at ${shownPath}: ${explainSqliteError(err)}.`, shownPath, {
      cause: err,
    });
  }
  try {
    applyPragmas(db);
  } catch (err) {
    db.close();
    throw new StorageError(`Cannot use the database at ${shownPath}: ${explainSqliteError(err)}.`, shownPath, {
      cause: err,
    });
  }
  return db;
}

function applyPragmas(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Vote ingest updates the event-id index at random places, so every commit writes many pages. Checkpointing every 16 MB of WAL instead of every 4 MB, and caching 32 MB of pages instead of 2 MB,
  // made ingest 10-20% faster in bench/votes.ts. After a large burst the WAL file is truncated back to 64 MB.
  db.pragma('wal_autocheckpoint = 4000');
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  db.pragma('cache_size = -32768');
  // Temporary tables (the current votes, storage/votes.ts) in memory: derived state with nothing to keep on disk.
  db.pragma('temp_store = MEMORY');
  // Reading the schema forces SQLite to read the file header, so "not a database" surfaces here, not later.
  db.prepare('SELECT count(*) FROM sqlite_schema').get();
}

/** Checks what can be checked before SQLite touches the file, so the message can say exactly what is wrong. */
function prepareLocation(file: string): void {
  const existing = statOrUndefined(file);
  if (existing?.isDirectory()) {
    throw new StorageError(`Cannot open the database at ${file}: it is a folder, not a file.`, file);
  }
  const folder = dirname(file);
  try {
    ensureFolder(folder);
  } catch (err) {
    throw new StorageError(
      `Cannot create the folder ${folder} for the database at ${file}: ${explainFsError(err)}.`,
      file,
      { cause: err },
    );
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch (err) {
    throw new StorageError(
      `Cannot write in the folder ${folder}, where the database ${basename(file)} and its journal files live: ` +
        `${explainFsError(err)}.`,
      file,
      { cause: err },
    );
  }
  if (existing) {
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch (err) {
      throw new StorageError(`Cannot open the database at ${file} for writing: ${explainFsError(err)}.`, file, {
        cause: err,
      });
    }
  }
}

/**
 * Creates the missing folders one level at a time. Node's `mkdirSync(…, { recursive: true })` loops forever on some
 * virtual file systems (e.g. under /proc), which would hang start-up instead of failing it.
 */
function ensureFolder(folder: string): void {
  const missing: string[] = [];
  let current = folder;
  for (;;) {
    const stat = statOrUndefined(current);
    if (stat) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`${current} is a file`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing.reverse()) mkdirSync(dir);
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

function explainFsError(err: unknown): string {
  switch (errorCode(err)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOTDIR':
      return 'a part of that path is a file, not a folder';
    case 'ENOENT':
      return 'folders cannot be created there';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EEXIST':
      return 'a file of that name is in the way';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** SQLite's own messages ("unable to open database file") do not say why; the codes say a little more. */
export function explainSqliteError(err: unknown): string {
  const code = errorCode(err) ?? '';
  if (code === 'SQLITE_CANTOPEN') return 'SQLite could not open or create the file there';
  if (code === 'SQLITE_NOTADB') return 'the file is not a SQLite database';
  if (code.startsWith('SQLITE_READONLY')) return 'the file is read-only';
  if (code === 'SQLITE_FULL') return 'the disk is full';
  if (code.startsWith('SQLITE_CORRUPT')) return 'the database file is damaged';
  if (code.startsWith('SQLITE_BUSY')) return 'another process keeps it locked';
  if (code.startsWith('SQLITE_IOERR')) return 'the disk could not be read or written';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs `fn` in a transaction, or directly when one is already open, since a savepoint per small write would cost more
 * than the write in hot paths such as vote ingest. Inside a caller's transaction, an error thrown by `fn` must reach
 * that transaction so it rolls back (Store.transaction does when the error propagates); swallowing it would keep
 * `fn`'s partial writes.
 */
export function atomically<T>(db: Database, fn: () => T): T {
  return db.inTransaction ? fn() : db.transaction(fn)();
}
