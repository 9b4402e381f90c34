// matrix-bot-sdk's sync token and filter, kept in our own database so one file holds the bot's whole state.
import type { IFilterInfo, IStorageProvider } from 'matrix-bot-sdk';
import type { Store } from '../../storage/store.ts';

const PREFIX = 'matrix.';

/** What holds a sync token back: the command lane. */
export interface TokenHold {
  readonly busy: boolean;
  idle(): Promise<void>;
}

export class SyncStorage implements IStorageProvider {
  private readonly store: Store;
  private hold: TokenHold | undefined;
  private heldToken: string | undefined;

  constructor(store: Store) {
    this.store = store;
  }

  /**
   * While the lane has commands of the batches read so far to run, their token waits: it is saved once the lane is
   * idle, so a crash before then reads those batches again (see command-lane.ts).
   */
  holdTokenWhileBusy(lane: TokenHold): void {
    this.hold = lane;
  }

  setSyncToken(token: string | null): void {
    if (token !== null && this.hold?.busy) {
      const waiting = this.heldToken !== undefined;
      this.heldToken = token;
      // A store closed meanwhile (a stop) keeps the older token: the next start reads those batches again.
      if (!waiting) void this.hold.idle().then(() => this.saveHeld()).catch(() => undefined);
      return;
    }
    this.heldToken = undefined;
    this.saveToken(token);
  }

  private saveHeld(): void {
    const token = this.heldToken;
    this.heldToken = undefined;
    if (token !== undefined) this.saveToken(token);
  }

  private saveToken(token: string | null): void {
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
