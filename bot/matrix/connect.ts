// Creating the Matrix client: log in with the token, resolve and join the configured rooms, route SDK logs to ours.
import { basename, dirname, join, resolve } from 'node:path';
import type { ICryptoStorageProvider, MatrixClient } from 'matrix-bot-sdk';
import type { MatrixConfig } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../../storage/store.ts';
import { RuntimeFailure, UsageError } from '../contracts/exit-codes.ts';
import { loadMatrixSdk } from './load-sdk.ts';
import { SyncStorage } from './sync-storage.ts';
import { withRateLimitRetry } from './rate-limit.ts';
import { CryptoStateFile } from './crypto/crypto-state-file.ts';
import { syncingClientClass, type SyncingClient } from './sync-loop.ts';

export interface MatrixConnection {
  client: SyncingClient;
  botUserId: string;
  displayName?: string;
  staffRoomIds: string[];
  memberRoomIds: string[];
  /** Configured rooms the bot could not join at start (`id` when the alias resolved): joined when it is invited. */
  unjoined: UnjoinedRoom[];
  /** True when the database had no sync token: the first sync's timeline is history, not commands. */
  firstSync: boolean;
  storage: SyncStorage;
}

export interface UnjoinedRoom {
  /** As written in the config: a room id or an alias. */
  room: string;
  kind: 'staff' | 'member';
  id?: string;
}

function routeSdkLogs(logger: Logger): void {
  const { LogService, LogLevel } = loadMatrixSdk().sdk;
  const sdkLog = logger.child({ module: 'matrix-bot-sdk' });
  const text = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  LogService.setLogger({
    trace: (module: string, ...parts: unknown[]) => sdkLog.trace({ sdkModule: module }, text(parts)),
    debug: (module: string, ...parts: unknown[]) => sdkLog.debug({ sdkModule: module }, text(parts)),
    info: (module: string, ...parts: unknown[]) => sdkLog.debug({ sdkModule: module }, text(parts)),
    warn: (module: string, ...parts: unknown[]) => sdkLog.warn({ sdkModule: module }, text(parts)),
    error: (module: string, ...parts: unknown[]) => sdkLog.warn({ sdkModule: module }, text(parts)),
  });
  LogService.setLevel(logger.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO);
}

/** The room id of a configured room, if the homeserver knows the alias; undefined when it cannot be resolved now. */
export async function resolveRoomId(client: MatrixClient, room: string): Promise<string | undefined> {
  if (room.startsWith('!')) return room;
  try {
    return await withRateLimitRetry(() => client.resolveRoom(room));
  } catch {
    return undefined;
  }
}

async function resolveAndJoin(client: MatrixClient, rooms: readonly string[], kind: UnjoinedRoom['kind'], unjoined: UnjoinedRoom[], logger: Logger): Promise<string[]> {
  const ids: string[] = [];
  for (const room of rooms) {
    try {
      const id = await withRateLimitRetry(() => client.joinRoom(room));
      ids.push(id);
    } catch (error) {
      logger.error({ room, reason: (error as Error).message }, 'could not join a configured room; invite the bot and it joins then');
      unjoined.push({ room, kind, id: await resolveRoomId(client, room) });
    }
  }
  return ids;
}

/** The crypto's folder beside the database: `data/fedimoot.db` → `data/fedimoot.db.crypto/`. */
export function cryptoStorageDir(storagePath: string): string {
  return join(dirname(resolve(storagePath)), `${basename(storagePath)}.crypto`);
}

function cryptoStore(config: MatrixConfig, storagePath: string | undefined, logger: Logger): ICryptoStorageProvider | undefined {
  const loaded = loadMatrixSdk();
  if (!config.encryption) {
    logger.info('end-to-end encryption is off (matrix.encryption is false): the bot works in unencrypted rooms only');
    return undefined;
  }
  // The device's keys must outlive the process: a bot that forgets them can no longer read its rooms' history, and
  // cannot even upload new keys for the same device id.
  if (!storagePath || storagePath === ':memory:') throw new UsageError('matrix.encryption needs storage.path to be a file: the crypto keys are kept beside it');
  const dir = cryptoStorageDir(storagePath);
  logger.info({ cryptoBackend: loaded.cryptoBackend, cryptoStore: dir, nativeUnavailable: loaded.nativeUnavailableReason }, `end-to-end encryption is on, with ${loaded.describeCryptoBackend()}`);
  // The SDK accepts only its own provider (an instanceof check); ours, keeping the same file without lowdb, takes its
  // place in the prototype chain with methods of its own. Store type 0: the native binding's StoreType.Sqlite.
  if (!(CryptoStateFile.prototype instanceof loaded.sdk.RustSdkCryptoStorageProvider)) {
    Object.setPrototypeOf(CryptoStateFile.prototype, loaded.sdk.RustSdkCryptoStorageProvider.prototype);
  }
  return new CryptoStateFile(dir, 0);
}

export async function connectMatrix(config: MatrixConfig, store: Store, logger: Logger, storagePath?: string): Promise<MatrixConnection> {
  const loaded = loadMatrixSdk();
  routeSdkLogs(logger);
  const crypto = cryptoStore(config, storagePath, logger);
  const storage = new SyncStorage(store);
  const firstSync = !storage.getSyncToken();
  const client = new (syncingClientClass(loaded.sdk.MatrixClient))(config.homeserverUrl, config.accessToken, storage, crypto);
  let botUserId: string;
  try {
    botUserId = await client.getUserId();
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 401 || status === 403) throw new UsageError('matrix.accessToken was refused by the homeserver (401); log the bot in again and update it');
    throw new RuntimeFailure(`could not reach the homeserver at ${config.homeserverUrl}: ${(error as Error).message}`);
  }
  const unjoined: UnjoinedRoom[] = [];
  const staffRoomIds = await resolveAndJoin(client, config.staffRooms, 'staff', unjoined, logger);
  const memberRoomIds = await resolveAndJoin(client, config.memberRooms, 'member', unjoined, logger);
  // The SDK prepares its crypto in start(), but the bot reads rooms before that (recounts from /relations), and those
  // reads decrypt; preparing now uploads the device keys too. start() then finds it ready and only tracks the rooms.
  if (crypto) await client.crypto.prepare(await withRateLimitRetry(() => client.getJoinedRooms()));
  if (staffRoomIds.length === 0) throw new RuntimeFailure('the bot could not join any staff room; invite it and start again');
  let displayName: string | undefined;
  try {
    displayName = ((await client.getUserProfile(botUserId)) as { displayname?: string }).displayname;
  } catch {
    displayName = undefined;
  }
  return { client, botUserId, displayName, staffRoomIds, memberRoomIds, unjoined, firstSync, storage };
}
