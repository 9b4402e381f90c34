// A member whose client does end-to-end encryption the way Element does: matrix-js-sdk with its Rust crypto (the
// WebAssembly build from @matrix-org/matrix-sdk-crypto-wasm, store kept in memory). In an encrypted room it encrypts
// whatever it sends, so the bot under test sees only m.room.encrypted events, with m.relates_to in clear text.
import { ClientEvent, createClient, SyncState, type MatrixClient } from 'matrix-js-sdk';
import { logger as globalSdkLogger, type Logger } from 'matrix-js-sdk/lib/logger.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { POLL_RESPONSE, pollResponseContent } from './matrix-events.ts';
import type { MatrixUser } from './matrix-user.ts';

// The SDK logs every sync and key upload (and warns about push rules); a test's output should show the test and SDK errors.
const quiet: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (...parts: unknown[]) => console.error('[matrix-js-sdk]', ...parts),
  getChild: () => quiet,
};

export class CryptoMember {
  readonly userId: string;
  private readonly client: MatrixClient;

  private constructor(client: MatrixClient, userId: string) {
    this.client = client;
    this.userId = userId;
  }

  /** Signs in as `user`'s existing device, sets up Rust crypto (uploading device keys) and syncs once. */
  static async start(user: MatrixUser): Promise<CryptoMember> {
    // Some of the SDK logs through its global logger rather than the client's: a loglevel logger, typed without setLevel.
    (globalSdkLogger as unknown as { setLevel(level: string): void }).setLevel('error');
    const client = createClient({ baseUrl: user.url, accessToken: user.accessToken, userId: user.userId, deviceId: user.deviceId, logger: quiet });
    await client.initRustCrypto({ useIndexedDB: false });
    const prepared = new Promise<void>((resolve) => {
      const onSync = (state: SyncState) => {
        if (state !== SyncState.Prepared && state !== SyncState.Syncing) return;
        client.off(ClientEvent.Sync, onSync);
        resolve();
      };
      client.on(ClientEvent.Sync, onSync);
    });
    await client.startClient({ initialSyncLimit: 5 });
    await prepared;
    return new CryptoMember(client, user.userId);
  }

  /** Waits until this client has seen the room's m.room.encryption state (its sends are encrypted from then on). */
  async waitUntilEncrypted(roomId: string, timeoutMs = 20_000): Promise<void> {
    const crypto = this.client.getCrypto();
    if (!crypto) throw new Error('matrix-js-sdk has no crypto');
    const until = Date.now() + timeoutMs;
    while (!(await crypto.isEncryptionEnabledInRoom(roomId))) {
      if (Date.now() > until) throw new Error(`${this.userId} did not see ${roomId} turn encrypted within ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  /** A poll response, encrypted by the SDK when the room is encrypted. */
  async sendPollResponse(roomId: string, startEventId: string, answers: string[]): Promise<string> {
    const content = pollResponseContent(startEventId, answers);
    // sendEvent's typings only know the SDK's own event types; a poll response under its unstable name is not one.
    const send = this.client.sendEvent.bind(this.client) as unknown as (room: string, type: string, content: unknown) => Promise<{ event_id: string }>;
    return (await send(roomId, POLL_RESPONSE, content)).event_id;
  }

  /** Plain text, encrypted by the SDK when the room is encrypted. */
  async sendText(roomId: string, body: string): Promise<string> {
    return (await this.client.sendTextMessage(roomId, body)).event_id;
  }

  stop(): void {
    this.client.stopClient();
  }
}
