// Encryption for what the bot sends and reads outside the SDK's own paths. The SDK encrypts in sendEvent and decrypts
// what /sync delivers; the bot sends with its own transaction ids (for idempotent retries) and reads /relations and
// /messages itself, so those go through here. Both are no-ops without crypto or in an unencrypted room.
import type { MatrixClient } from 'matrix-bot-sdk';
import { loadMatrixSdk } from './load-sdk.ts';

const ENCRYPTED = 'm.room.encrypted';

/** Whether events in the room must be encrypted: the client has crypto, it is ready, and the room says so. */
async function encryptedRoom(client: MatrixClient, roomId: string): Promise<boolean> {
  const crypto = client.crypto;
  return Boolean(crypto?.isReady && (await crypto.isRoomEncrypted(roomId)));
}

/** The type and content to send: `m.room.encrypted` and the ciphertext in an encrypted room, else as given. */
export async function outgoingEvent(client: MatrixClient, roomId: string, type: string, content: Record<string, unknown>): Promise<{ type: string; content: Record<string, unknown> }> {
  if (!(await encryptedRoom(client, roomId))) return { type, content };
  const encrypted = (await client.crypto.encryptRoomEvent(roomId, type, content)) as unknown as Record<string, unknown>;
  return { type: ENCRYPTED, content: encrypted };
}

/**
 * Uploads a file for a message in the room: encrypted (the `file` of an encrypted attachment) where the room is, so
 * the homeserver holds only ciphertext, else in clear (`url`).
 */
export async function uploadForRoom(client: MatrixClient, roomId: string, data: Buffer, mimetype: string, name: string): Promise<Record<string, unknown>> {
  if (!(await encryptedRoom(client, roomId))) return { url: await client.uploadContent(data, mimetype, name) };
  const encrypted = await client.crypto.encryptMedia(data);
  const url = await client.uploadContent(encrypted.buffer, 'application/octet-stream', name);
  return { file: { ...encrypted.file, url } };
}

/**
 * The event as it was before encryption (type and content from the plaintext, the rest from the envelope), or the
 * event unchanged when it is not encrypted or cannot be decrypted (its type stays m.room.encrypted, which the bot's
 * readers skip as they skip any type they do not know).
 */
export async function readableEvent<T extends { type?: unknown }>(client: MatrixClient, roomId: string, event: T): Promise<T> {
  if (event.type !== ENCRYPTED || !(await encryptedRoom(client, roomId))) return event;
  const { EncryptedRoomEvent } = loadMatrixSdk().sdk;
  try {
    return (await client.crypto.decryptRoomEvent(new EncryptedRoomEvent(event as unknown as Record<string, unknown>), roomId)).raw as unknown as T;
  } catch {
    return event;
  }
}

interface RawSyncCrypto {
  to_device?: { events?: unknown[] };
  device_one_time_keys_count?: Record<string, number>;
  device_unused_fallback_key_types?: string[];
  'org.matrix.msc2732.device_unused_fallback_key_types'?: string[];
  device_lists?: { changed?: string[]; left?: string[] };
}

/**
 * Hands a sync response's to-device messages (room keys among them) to the crypto now, and takes them out of the
 * response so the SDK does not hand them over a second time (an Olm message decrypts once). Needed before reading
 * back a gap (gap-fill.ts): the SDK only does this inside processSync, after our beforeBatch, so an event read back
 * from the gap whose room key came in this same sync (sent to the bot while it was down) could not be decrypted.
 * One-time key counts and device lists stay in the response: handing those over twice is harmless.
 */
export async function takeToDeviceMessages(client: MatrixClient, raw: unknown): Promise<void> {
  const sync = raw as RawSyncCrypto | undefined;
  const events = sync?.to_device?.events;
  if (!client.crypto?.isReady || !sync || !events?.length) return;
  const fallbacks = sync['org.matrix.msc2732.device_unused_fallback_key_types'] ?? sync.device_unused_fallback_key_types ?? [];
  const lists = sync.device_lists ?? {};
  // Typed as the SDK's own (Olm) types; these are the homeserver's JSON, as the SDK passes them on itself.
  await client.crypto.updateSyncData(events as never[], sync.device_one_time_keys_count ?? {}, fallbacks as never[], lists.changed ?? [], lists.left ?? []);
  sync.to_device = { events: [] };
}
