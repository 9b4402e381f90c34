// The part of @matrix-org/matrix-sdk-crypto-nodejs's API that matrix-bot-sdk 0.8 uses (lib/e2ee/CryptoClient.js and
// RustEngine.js), implemented on @matrix-org/matrix-sdk-crypto-wasm, whose WebAssembly ships inside its npm package.
// load-sdk.ts puts this module in the require cache in the native binding's place, so the SDK's crypto code runs
// unchanged. No cryptography here: only argument and result shapes are converted, and the store is made durable.
import 'fake-indexeddb/auto'; // the IDB* classes the WebAssembly checks values against (instanceof IDBDatabase, …)
import { join, resolve } from 'node:path';
import * as wasm from '@matrix-org/matrix-sdk-crypto-wasm';
import { FileBackedIndexedDb } from './file-backed-indexeddb.ts';

/** For the start-up log; a function because asking the version loads the WebAssembly. */
export function cryptoBackendName(): string {
  return `@matrix-org/matrix-sdk-crypto-wasm (matrix-sdk-crypto ${wasm.getVersions().matrix_sdk_crypto})`;
}
/** The file, inside the SDK's crypto storage folder, that holds the crypto's IndexedDB. */
export const CRYPTO_STORE_FILE = 'matrix-sdk-crypto-wasm.idb';
/** The IndexedDB name prefix the crypto uses; one factory per storage folder, so it need not be unique. */
const STORE_NAME = 'fedimoot';

// Same values as the native binding's enums (checked against both .d.ts files); the SDK compiles them in as numbers.
export const RequestType = wasm.RequestType;
export const HistoryVisibility = wasm.HistoryVisibility;
export const EncryptionAlgorithm = wasm.EncryptionAlgorithm;
/** The native binding's store kinds; the WebAssembly has one (IndexedDB), so the value is accepted and ignored. */
export const StoreType = { Sqlite: 0 } as const;
export const { UserId, DeviceId, RoomId, DeviceLists, EncryptionSettings, Attachment, EncryptedAttachment } = wasm;

/** The request types matrix-bot-sdk's RustEngine sends. */
const SENDABLE = new Set([wasm.RequestType.KeysUpload, wasm.RequestType.KeysQuery, wasm.RequestType.KeysClaim, wasm.RequestType.ToDevice]);

/** A request in the native binding's shape: `id`, `type` and a JSON `body`. */
interface OutgoingRequest {
  readonly id: string;
  readonly type: wasm.RequestType;
  readonly body: string;
}

/**
 * The native ToDeviceRequest carries `txnId` and `eventType`, and RustEngine reads `txn_id`, `event_type` and
 * `messages` from its JSON body; the WebAssembly one has `txn_id`/`event_type` properties and only `messages` in the body.
 */
function toDeviceRequest(request: wasm.ToDeviceRequest) {
  const parsed = JSON.parse(request.body) as { messages?: unknown };
  const messages = parsed.messages ?? parsed;
  return {
    id: request.id,
    type: wasm.RequestType.ToDevice,
    txnId: request.txn_id,
    eventType: request.event_type,
    body: JSON.stringify({ txn_id: request.txn_id, event_type: request.event_type, messages }),
  };
}

function nativeShape(request: { id?: string; type: wasm.RequestType; body: string }): OutgoingRequest {
  if (request instanceof wasm.ToDeviceRequest) return toDeviceRequest(request);
  return { id: request.id ?? '', type: request.type, body: request.body };
}

/** The native Signatures.get gives a plain object of MaybeSignature whose `isValid` is a getter, not a method. */
function nativeSignatures(signatures: wasm.Signatures) {
  return {
    get(signer: wasm.UserId) {
      const bySigner = signatures.get(signer);
      if (!bySigner) return null;
      const result: Record<string, { isValid: boolean; signature: wasm.Signature | undefined }> = {};
      for (const [keyId, maybe] of bySigner) result[keyId] = { isValid: maybe.isValid(), signature: maybe.signature };
      return result;
    },
    asJSON: () => signatures.asJSON(),
  };
}

/**
 * The WebAssembly calls that take a UserId[] consume (free) its items, where the native ones borrow them; RustEngine
 * passes one array to updateTrackedUsers, then getMissingSessions, then shareRoomKey. So each call gets copies.
 */
function copies(users: wasm.UserId[]): wasm.UserId[] {
  return users.map((user) => user.clone());
}

// Initialisations are serialised: the WebAssembly opens its database through the global `indexedDB`, which is swapped
// to the storage folder's own factory for the duration of one initialisation.
let initialising: Promise<unknown> = Promise.resolve();
/** The store that owns each file; a later initialisation on the same folder (a restart) takes the file over. */
const storesByFile = new Map<string, FileBackedIndexedDb>();

export class OlmMachine {
  private readonly inner: wasm.OlmMachine;
  private readonly store: FileBackedIndexedDb;

  private constructor(inner: wasm.OlmMachine, store: FileBackedIndexedDb) {
    this.inner = inner;
    this.store = store;
  }

  /** The native signature; `storePath` is the SDK's crypto storage folder, passphrase and store type are unused. */
  static async initialize(userId: wasm.UserId, deviceId: wasm.DeviceId, storePath?: string | null): Promise<OlmMachine> {
    if (!storePath) throw new Error('the WebAssembly crypto needs a storage folder to keep its keys in');
    const file = join(resolve(storePath), CRYPTO_STORE_FILE);
    const run = initialising.then(async () => {
      storesByFile.get(file)?.detach();
      const store = await FileBackedIndexedDb.open(file);
      storesByFile.set(file, store);
      await wasm.initAsync();
      const global = globalThis as { indexedDB?: unknown };
      const previous = global.indexedDB;
      global.indexedDB = store.factory;
      try {
        const inner = await wasm.OlmMachine.initialize(userId, deviceId, STORE_NAME);
        await store.flush();
        return new OlmMachine(inner, store);
      } finally {
        global.indexedDB = previous;
      }
    });
    initialising = run.catch(() => undefined);
    return run;
  }

  /** Runs a call that may change the crypto state, then waits until that state is on disk. */
  private async durable<T>(call: Promise<T>): Promise<T> {
    const result = await call;
    await this.store.flush();
    return result;
  }

  get identityKeys(): wasm.IdentityKeys {
    return this.inner.identityKeys;
  }

  get userId(): wasm.UserId {
    return this.inner.userId;
  }

  get deviceId(): wasm.DeviceId {
    return this.inner.deviceId;
  }

  /** Native: counts as a plain object, fallback key types as an array, and the decrypted to-device events as JSON. */
  async receiveSyncChanges(toDeviceEvents: string, changedDevices: wasm.DeviceLists, oneTimeKeyCounts: Record<string, number>, unusedFallbackKeys: string[]): Promise<string> {
    const counts = new Map(Object.entries(oneTimeKeyCounts ?? {}));
    const processed = await this.durable(this.inner.receiveSyncChanges(toDeviceEvents, changedDevices, counts, new Set(unusedFallbackKeys ?? [])));
    const decrypted = processed.filter((event): event is wasm.DecryptedToDeviceEvent => event.type === wasm.ProcessedToDeviceEventType.Decrypted);
    return JSON.stringify(decrypted.map((event) => JSON.parse(event.rawEvent) as unknown));
  }

  async outgoingRequests(): Promise<OutgoingRequest[]> {
    const requests = (await this.inner.outgoingRequests()) as { id?: string; type: wasm.RequestType; body: string }[];
    // RustEngine throws on signature uploads, in-room verification messages and key backups, which would fail every
    // sync from then on; the bot starts none of those flows (no cross-signing, no backup), so they are left unsent.
    return requests.filter((request) => SENDABLE.has(request.type)).map(nativeShape);
  }

  markRequestAsSent(requestId: string, requestType: wasm.RequestType, response: string): Promise<boolean> {
    return this.durable(this.inner.markRequestAsSent(requestId, requestType, response));
  }

  updateTrackedUsers(users: wasm.UserId[]): Promise<void> {
    return this.durable(this.inner.updateTrackedUsers(copies(users)));
  }

  async getMissingSessions(users: wasm.UserId[]): Promise<OutgoingRequest | null> {
    const request = await this.durable(this.inner.getMissingSessions(copies(users)));
    return request ? nativeShape(request) : null;
  }

  async shareRoomKey(roomId: wasm.RoomId, users: wasm.UserId[], settings: wasm.EncryptionSettings) {
    // RustEngine fills rotationPeriod, documented in microseconds in both bindings, with the event's milliseconds: a
    // week's rotation would become ten minutes. Converted here so the room's setting is what takes effect.
    const wasmSettings = new wasm.EncryptionSettings();
    wasmSettings.algorithm = settings.algorithm ?? wasm.EncryptionAlgorithm.MegolmV1AesSha2;
    wasmSettings.historyVisibility = settings.historyVisibility;
    wasmSettings.rotationPeriod = BigInt(settings.rotationPeriod) * 1000n;
    wasmSettings.rotationPeriodMessages = BigInt(settings.rotationPeriodMessages);
    const requests = await this.durable(this.inner.shareRoomKey(roomId, copies(users), wasmSettings));
    return requests.map(toDeviceRequest);
  }

  encryptRoomEvent(roomId: wasm.RoomId, eventType: string, content: string): Promise<string> {
    return this.durable(this.inner.encryptRoomEvent(roomId, eventType, content));
  }

  /** The native call takes no decryption settings: it accepts keys from any device, as the bot-sdk always has. */
  decryptRoomEvent(event: string, roomId: wasm.RoomId): Promise<wasm.DecryptedRoomEvent> {
    const settings = new wasm.DecryptionSettings(wasm.TrustRequirement.Untrusted);
    return this.durable(this.inner.decryptRoomEvent(event, roomId, settings));
  }

  async sign(message: string) {
    return nativeSignatures(await this.inner.sign(message));
  }

  /** Not called by the SDK; lets a test or a shutdown end this machine and write its last state. */
  async close(): Promise<void> {
    await this.store.flush();
    this.store.detach();
    this.inner.close();
  }
}
