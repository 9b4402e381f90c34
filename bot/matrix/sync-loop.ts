// How the bot drives matrix-bot-sdk's sync loop: events one at a time through our handler, the sync token saved only
// after a whole batch (nothing is skipped by a crash), gaps of limited timelines read back before the batch, and a
// signal once the first batch is in.
import type { MatrixClient } from 'matrix-bot-sdk';

export type EmitFn = (name: string, roomId: string, event: unknown) => Promise<void>;

export interface SyncLoopHandlers {
  emit: EmitFn;
  /** Runs before the SDK handles a sync response (reading back what a limited timeline skipped). */
  beforeBatch(raw: unknown): Promise<void>;
  /** Runs once the SDK handled a sync response, before its token is saved. */
  afterBatch(raw: unknown): void;
}

interface SdkSyncInternals {
  persistTokenAfterSync: boolean;
  syncingTimeout: number;
  doSync(token: string | null): Promise<unknown>;
  processSync(raw: unknown, emitFn?: unknown): Promise<void>;
  startSync(emitFn: EmitFn): Promise<unknown>;
  startSyncInternal(): Promise<unknown>;
}

/**
 * Installs the handlers on the client (before `client.start`). Resolves once the first sync response has been handled;
 * until then a sync does not wait for new events.
 */
export function driveSync(client: MatrixClient, handlers: SyncLoopHandlers): Promise<void> {
  const sdk = client as unknown as SdkSyncInternals;
  sdk.persistTokenAfterSync = true;
  sdk.startSyncInternal = () => sdk.startSync(handlers.emit);
  const doSync = sdk.doSync.bind(sdk);
  const processSync = sdk.processSync.bind(sdk);
  let caught = false;
  let done: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (done = resolve));
  sdk.doSync = (token) => {
    if (caught) return doSync(token);
    const timeout = sdk.syncingTimeout;
    sdk.syncingTimeout = 0;
    try {
      return doSync(token);
    } finally {
      sdk.syncingTimeout = timeout;
    }
  };
  sdk.processSync = async (raw, emitFn) => {
    await handlers.beforeBatch(raw);
    await processSync(raw, emitFn);
    handlers.afterBatch(raw);
    caught = true;
    done();
  };
  return caughtUp;
}
