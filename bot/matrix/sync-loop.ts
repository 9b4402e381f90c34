// How the bot drives matrix-bot-sdk's sync loop: events one at a time through our handler, the sync token saved only
// after a whole batch (nothing is skipped by a crash), gaps of limited timelines read back before the batch, and a
// signal once the first batch is in. The SDK makes these steps protected for subclassing; we extend the class it
// loaded (bot/matrix/load-sdk.ts loads it lazily, so the base class is a value handed in, not an import).
import type { MatrixClient } from 'matrix-bot-sdk';

export type EmitFn = (name: string, roomId: string, event: unknown) => Promise<void>;

export interface SyncLoopHandlers {
  emit: EmitFn;
  /** Runs before the SDK handles a sync response (reading back what a limited timeline skipped). */
  beforeBatch(raw: unknown): Promise<void>;
  /** Runs once the SDK handled a sync response, before its token is saved. */
  afterBatch(raw: unknown): void;
}

/** A MatrixClient whose sync loop the bot drives: call `driveSync` before `start`. */
export interface SyncingClient extends MatrixClient {
  /** Installs the handlers. Resolves once the first sync response has been handled; until then a sync does not wait for new events. */
  driveSync(handlers: SyncLoopHandlers): Promise<void>;
}

type ClientClass = new (...args: ConstructorParameters<typeof MatrixClient>) => SyncingClient;
const subclasses = new WeakMap<typeof MatrixClient, ClientClass>();

/** The subclass of the SDK's (loaded) MatrixClient class with our sync steps; one per base class. */
export function syncingClientClass(Base: typeof MatrixClient): ClientClass {
  const known = subclasses.get(Base);
  if (known) return known;
  class DrivenClient extends Base implements SyncingClient {
    private handlers: SyncLoopHandlers | undefined;
    private caught = false;
    private markCaughtUp: () => void = () => undefined;

    constructor(...args: ConstructorParameters<typeof MatrixClient>) {
      super(...args);
      this.persistTokenAfterSync = true;
    }

    driveSync(handlers: SyncLoopHandlers): Promise<void> {
      this.handlers = handlers;
      return new Promise<void>((resolve) => (this.markCaughtUp = resolve));
    }

    protected override startSyncInternal(): Promise<unknown> {
      return this.startSync(this.handlers?.emit);
    }

    // The first sync returns at once (timeout 0): jobs wait for it, and a quiet room must not hold them a long poll.
    protected override doSync(token: string): Promise<unknown> {
      if (this.caught) return super.doSync(token);
      const timeout = this.syncingTimeout;
      this.syncingTimeout = 0;
      try {
        return super.doSync(token);
      } finally {
        this.syncingTimeout = timeout;
      }
    }

    protected override async processSync(raw: unknown, emitFn?: EmitFn): Promise<unknown> {
      await this.handlers?.beforeBatch(raw);
      const result: unknown = await super.processSync(raw, emitFn);
      this.handlers?.afterBatch(raw);
      this.caught = true;
      this.markCaughtUp();
      return result;
    }
  }
  subclasses.set(Base, DrivenClient);
  return DrivenClient;
}
