// The few IndexedDB types the file-backed store uses. The project compiles without the DOM library (a Node program
// should not see `window`), and fake-indexeddb's own typings refer to the DOM's, so the needed shapes are spelled here.
export type IdbKey = string | number | Date | ArrayBufferView | ArrayBuffer | IdbKey[];
export type IdbKeyPath = string | string[];
export type IdbTransactionMode = 'readonly' | 'readwrite' | 'versionchange';

export interface IdbRequest<T> {
  readonly result: T;
  readonly error: Error | null;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
  addEventListener(type: 'success' | 'error', listener: () => void): void;
}

export interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null;
  addEventListener(type: 'success' | 'error' | 'upgradeneeded', listener: () => void): void;
}

export interface IdbIndex {
  readonly keyPath: IdbKeyPath;
  readonly unique: boolean;
  readonly multiEntry: boolean;
}

export interface IdbObjectStore {
  readonly keyPath: IdbKeyPath | null;
  readonly autoIncrement: boolean;
  readonly indexNames: Iterable<string>;
  index(name: string): IdbIndex;
  getAll(): IdbRequest<unknown[]>;
  getAllKeys(): IdbRequest<IdbKey[]>;
  put(value: unknown, key?: IdbKey): IdbRequest<IdbKey>;
  createIndex(name: string, keyPath: IdbKeyPath, options: { unique: boolean; multiEntry: boolean }): IdbIndex;
}

export interface IdbTransaction {
  readonly error: Error | null;
  oncomplete: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  objectStore(name: string): IdbObjectStore;
  addEventListener(type: 'complete', listener: () => void): void;
}

export interface IdbDatabase {
  readonly name: string;
  readonly version: number;
  readonly objectStoreNames: Iterable<string>;
  transaction(stores: string | string[], mode?: IdbTransactionMode, options?: unknown): IdbTransaction;
  createObjectStore(name: string, options: { keyPath: IdbKeyPath | null; autoIncrement: boolean }): IdbObjectStore;
  close(): void;
}

export interface IdbFactory {
  open(name: string, version?: number): IdbOpenRequest;
  databases(): Promise<{ name?: string; version?: number }[]>;
}
