// An in-memory IndexedDB written to a file and read back: schema (keys, indexes, version) and records survive.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileBackedIndexedDb } from '../../../bot/matrix/crypto/file-backed-indexeddb.ts';
import type { IdbDatabase, IdbRequest } from '../../../bot/matrix/crypto/indexeddb-types.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function done<T>(request: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function openSchema(backed: FileBackedIndexedDb): Promise<IdbDatabase> {
  const request = backed.factory.open('crypto', 3);
  request.onupgradeneeded = () => {
    const db = request.result;
    db.createObjectStore('outOfLine', { keyPath: null, autoIncrement: false });
    const inLine = db.createObjectStore('inLine', { keyPath: 'id', autoIncrement: false });
    inLine.createIndex('byRoom', 'room', { unique: false, multiEntry: false });
  };
  return done(request);
}

describe('FileBackedIndexedDb', () => {
  it('restores schema (version, key paths, indexes) and records from the file it flushed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fedimoot-idb-'));
    dirs.push(dir);
    const file = join(dir, 'store.idb');
    const first = await FileBackedIndexedDb.open(file);
    const db = await openSchema(first);
    const tx = db.transaction(['outOfLine', 'inLine'], 'readwrite');
    tx.objectStore('outOfLine').put({ bytes: new Uint8Array([1, 2, 3]) }, ['a', 1]);
    tx.objectStore('inLine').put({ id: 'session-1', room: '!r:x', value: 'pickle' });
    await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
    await first.flush();
    db.close();

    const second = await FileBackedIndexedDb.open(file);
    const reopened = await done(second.factory.open('crypto'));
    expect(reopened.version).toBe(3);
    const read = reopened.transaction(['outOfLine', 'inLine'], 'readonly');
    expect(await done(read.objectStore('outOfLine').getAll())).toEqual([{ bytes: new Uint8Array([1, 2, 3]) }]);
    expect(await done(read.objectStore('outOfLine').getAllKeys())).toEqual([['a', 1]]);
    const inLine = read.objectStore('inLine');
    expect(inLine.keyPath).toBe('id');
    expect(inLine.index('byRoom').keyPath).toBe('room');
    expect(await done(inLine.getAll())).toEqual([{ id: 'session-1', room: '!r:x', value: 'pickle' }]);
    reopened.close();
  });
});
