// The WebAssembly Matrix crypto keeps its state (device keys, Olm and Megolm sessions) in IndexedDB, which Node lacks.
// fake-indexeddb implements IndexedDB in memory; this module makes such an in-memory IndexedDB durable by writing all
// of its databases to one file after every change (flush) and reading them back at start. The snapshot goes through
// the public IndexedDB API only, so it does not depend on fake-indexeddb's internals or on the crypto's schema.
import { open, readFile, rename, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { IDBFactory } from 'fake-indexeddb';
import type { IdbDatabase, IdbFactory, IdbKey, IdbKeyPath, IdbRequest, IdbTransaction, IdbTransactionMode } from './indexeddb-types.ts';

interface IndexSnapshot {
  name: string;
  keyPath: IdbKeyPath;
  unique: boolean;
  multiEntry: boolean;
}

interface StoreSnapshot {
  name: string;
  keyPath: IdbKeyPath | null;
  autoIncrement: boolean;
  indexes: IndexSnapshot[];
  /** [key, value] pairs; the key is stored even for in-line keys, and used only for out-of-line ones. */
  records: [IdbKey, unknown][];
}

interface DatabaseSnapshot {
  name: string;
  version: number;
  stores: StoreSnapshot[];
}

interface FileSnapshot {
  format: 'fedimoot-indexeddb-snapshot';
  formatVersion: 1;
  databases: DatabaseSnapshot[];
}

function done<T>(request: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function transactionDone(tx: IdbTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

async function readDatabase(db: IdbDatabase): Promise<DatabaseSnapshot> {
  const names = [...db.objectStoreNames];
  const stores: StoreSnapshot[] = [];
  if (names.length > 0) {
    // One read-only transaction over every store: the snapshot is consistent (no write lands halfway through it).
    const tx = db.transaction(names, 'readonly');
    const finished = transactionDone(tx);
    for (const name of names) {
      const store = tx.objectStore(name);
      const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
      const indexes = [...store.indexNames].map((indexName) => {
        const index = store.index(indexName);
        return { name: indexName, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
      });
      stores.push({ name, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes, records: keys.map((key, i) => [key, values[i]]) });
    }
    await finished;
  }
  return { name: db.name, version: db.version, stores };
}

async function restoreDatabase(factory: IdbFactory, snapshot: DatabaseSnapshot): Promise<void> {
  const request = factory.open(snapshot.name, snapshot.version);
  // The schema and the records are written in the upgrade transaction, so the crypto later opens the database at the
  // version it expects and runs no migration of its own.
  request.onupgradeneeded = () => {
    const db = request.result;
    for (const store of snapshot.stores) {
      const created = db.createObjectStore(store.name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement });
      for (const index of store.indexes) created.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
      for (const [key, value] of store.records) {
        if (store.keyPath === null) created.put(value, key);
        else created.put(value);
      }
    }
  };
  const db = await done(request);
  db.close();
}

/** An in-memory IndexedDB whose databases are written to `file` on flush() and read back from it on open. */
export class FileBackedIndexedDb {
  readonly factory: IdbFactory;
  readonly file: string;
  private dirty = true;
  private writing: Promise<void> = Promise.resolve();
  private detached = false;

  private constructor(file: string) {
    this.file = file;
    this.factory = new IDBFactory() as IdbFactory;
    this.trackWrites();
  }

  /** Restores the databases saved in `file` (none when it does not exist yet). */
  static async open(file: string): Promise<FileBackedIndexedDb> {
    const backed = new FileBackedIndexedDb(file);
    let bytes: Buffer | undefined;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (bytes) {
      const snapshot = deserialize(bytes) as FileSnapshot;
      if (snapshot.format !== 'fedimoot-indexeddb-snapshot' || snapshot.formatVersion !== 1) {
        throw new Error(`${file} is not an IndexedDB snapshot this version can read`);
      }
      for (const db of snapshot.databases) await restoreDatabase(backed.factory, db);
    }
    backed.dirty = false;
    return backed;
  }

  /** Marks every committed read-write transaction, so flush() writes only when something changed. */
  private trackWrites(): void {
    const factory = this.factory;
    const openDb = factory.open.bind(factory);
    factory.open = (name: string, version?: number) => {
      const request = openDb(name, version);
      request.addEventListener('success', () => {
        const db = request.result;
        const transaction = db.transaction.bind(db);
        // An own property shadows the prototype's method; the WebAssembly calls it by name, so it sees this one.
        Object.defineProperty(db, 'transaction', {
          value: (stores: string | string[], mode?: IdbTransactionMode, options?: unknown) => {
            const tx = transaction(stores, mode, options);
            if (mode && mode !== 'readonly') tx.addEventListener('complete', () => (this.dirty = true));
            return tx;
          },
        });
      });
      // A schema upgrade is a write too.
      request.addEventListener('upgradeneeded', () => (this.dirty = true));
      return request;
    };
  }

  /** Stops writing to the file: another instance has taken it over (a restart in the same process). */
  detach(): void {
    this.detached = true;
  }

  /** Writes the databases to the file if anything changed since the last flush; resolves once it is on disk. */
  flush(): Promise<void> {
    // After a failed write the chain goes on (the caller of that flush got the error); the next flush retries it.
    this.writing = this.writing.catch(() => undefined).then(async () => {
      if (!this.dirty || this.detached) return;
      this.dirty = false;
      try {
        await this.writeSnapshot();
      } catch (error) {
        this.dirty = true;
        throw error;
      }
    });
    return this.writing;
  }

  private async writeSnapshot(): Promise<void> {
    const databases: DatabaseSnapshot[] = [];
    for (const info of await this.factory.databases()) {
      if (!info.name) continue;
      const db = await done(this.factory.open(info.name));
      try {
        databases.push(await readDatabase(db));
      } finally {
        db.close();
      }
    }
    const snapshot: FileSnapshot = { format: 'fedimoot-indexeddb-snapshot', formatVersion: 1, databases };
    await mkdir(dirname(this.file), { recursive: true });
    // Write-then-rename: a crash mid-write leaves the previous snapshot, never a torn one. 0600: it holds private keys.
    const temp = `${this.file}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(serialize(snapshot));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
  }
}
