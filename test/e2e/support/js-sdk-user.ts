// A person on a real Matrix client: matrix-js-sdk with its Rust (WebAssembly) crypto, as Element uses, so the e2e
// tests check the bot's encryption against what people's clients do, not against a second copy of the bot's code.
import { ClientEvent, createClient, MatrixEventEvent, RoomEvent, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { logger as jsSdkLogger, type Logger } from 'matrix-js-sdk/lib/logger.js';
import type { MatrixSession } from '../../servers/synapse-users.ts';

/** Passes on warnings and errors only: at info the js-sdk logs every sync step. */
function quietLogger(): Logger {
  const ignore = () => undefined;
  return {
    trace: ignore,
    debug: ignore,
    info: ignore,
    warn: (...parts: unknown[]) => jsSdkLogger.warn(...parts),
    error: (...parts: unknown[]) => jsSdkLogger.error(...parts),
    getChild: () => quietLogger(),
  };
}

export interface JsSdkUser {
  client: MatrixClient;
  stop(): void;
}

/** Starts a syncing js-sdk client with in-memory Rust crypto for an existing session (its device). */
export async function startJsSdkUser(url: string, session: MatrixSession): Promise<JsSdkUser> {
  const client = createClient({ baseUrl: url, accessToken: session.accessToken, userId: session.userId, deviceId: session.deviceId, logger: quietLogger() });
  await client.initRustCrypto({ useIndexedDB: false });
  const prepared = new Promise<void>((resolve) => {
    client.on(ClientEvent.Sync, (state) => {
      if (state === 'PREPARED') resolve();
    });
  });
  await client.startClient({ initialSyncLimit: 20 });
  await prepared;
  return { client, stop: () => client.stopClient() };
}

/** The first timeline event in `roomId` from `sender` that matches once decrypted (or as sent, if it was not encrypted). */
export function waitForDecryptedEvent(user: JsSdkUser, roomId: string, sender: string, match: (event: MatrixEvent) => boolean, timeoutMs = 30_000): Promise<MatrixEvent> {
  const { client } = user;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching event from ${sender} in ${roomId} within ${timeoutMs} ms`)), timeoutMs);
    const check = (event: MatrixEvent) => {
      if (event.getRoomId() !== roomId || event.getSender() !== sender || event.isDecryptionFailure() || !match(event)) return;
      clearTimeout(timer);
      resolve(event);
    };
    client.on(MatrixEventEvent.Decrypted, check);
    client.on(RoomEvent.Timeline, (event) => void client.decryptEventIfNeeded(event).then(() => check(event)));
  });
}

/** The first decrypted `m.room.message` in `roomId` from `sender` whose body matches. */
export function waitForDecryptedText(user: JsSdkUser, roomId: string, sender: string, match: (body: string) => boolean, timeoutMs = 30_000): Promise<MatrixEvent> {
  return waitForDecryptedEvent(user, roomId, sender, (event) => {
    const body = (event.getContent() as { body?: unknown }).body;
    return event.getType() === 'm.room.message' && typeof body === 'string' && match(body);
  }, timeoutMs);
}
