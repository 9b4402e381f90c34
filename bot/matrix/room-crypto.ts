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
