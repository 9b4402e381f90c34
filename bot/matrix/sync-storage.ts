// matrix-bot-sdk's sync token and filter, kept in our own database so one file holds the bot's whole state.
import type { IFilterInfo, IStorageProvider } from 'matrix-bot-sdk';
import type { Store } from '../../storage/store.ts';

const PREFIX = 'matrix.';

export class SyncStorage implements IStorageProvider {
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  setSyncToken(token: string | null): void {
    if (token === null) this.store.meta.delete(`${PREFIX}syncToken`);
    else this.store.meta.set(`${PREFIX}syncToken`, token);
  }

  getSyncToken(): string | null {
    return this.store.meta.get(`${PREFIX}syncToken`) ?? null;
  }

  setFilter(filter: IFilterInfo): void {
    this.store.meta.set(`${PREFIX}filter`, JSON.stringify(filter));
  }

  getFilter(): IFilterInfo {
    const raw = this.store.meta.get(`${PREFIX}filter`);
    return (raw ? JSON.parse(raw) : undefined) as IFilterInfo;
  }

  storeValue(key: string, value: string): void {
    this.store.meta.set(`${PREFIX}kv.${key}`, value);
  }

  readValue(key: string): string | null | undefined {
    return this.store.meta.get(`${PREFIX}kv.${key}`);
  }
}
