// Which served rooms are encrypted, and whether the bot can read them. Without working crypto the bot cannot read
// anything sent in an encrypted room (commands, poll answers), so it must not pretend to: the proposal workflow asks
// `isReadable` before it opens a poll, and the intake answers encrypted messages with a notice instead of silence.
import type { MatrixClient } from 'matrix-bot-sdk';
import type { MatrixConfig } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { RoomReadability } from '../contracts/rooms-port.ts';
import { ENCRYPTION_FIX } from '../wording/unreadable-notices.ts';
import type { LoadedSdk } from './load-sdk.ts';
import { withRateLimitRetry } from './rate-limit.ts';

export const ENCRYPTION_STATE = 'm.room.encryption';


/**
 * The one answer to "can the bot decrypt": the crypto library loaded, the operator turned encryption on, and the client
 * was actually built with a crypto engine. Today the client never is (only unencrypted rooms are served), so this is
 * false; the day E2EE is wired in, this is the only place that has to learn it.
 */
export function canDecrypt(loaded: Pick<LoadedSdk, 'encryptionAvailable'>, config: Pick<MatrixConfig, 'encryption'>, client: Pick<MatrixClient, 'crypto'>): boolean {
  // config first: asking the SDK whether encryption is available loads the WebAssembly crypto.
  return config.encryption && loaded.encryptionAvailable && client.crypto !== undefined && client.crypto !== null;
}

interface StateLike {
  type?: string;
  state_key?: string;
  content?: { algorithm?: unknown };
}

interface RawSyncRooms {
  rooms?: { join?: Record<string, { state?: { events?: StateLike[] }; timeline?: { events?: StateLike[] } }> };
}

function turnsOnEncryption(event: StateLike): boolean {
  // Encryption cannot be turned off again in Matrix: any algorithm (even one we do not know) makes the room encrypted.
  return event.type === ENCRYPTION_STATE && event.state_key === '' && typeof event.content?.algorithm === 'string';
}

export interface EncryptedRoomsInit {
  client: Pick<MatrixClient, 'getRoomStateEvent'>;
  logger: Logger;
  decrypts: boolean;
  /** Told once per room that turns encrypted while the bot runs (not for rooms found encrypted at start). */
  turnedEncrypted?(roomId: string): Promise<void>;
}

export class EncryptedRooms implements RoomReadability {
  private readonly encrypted = new Set<string>();
  private readonly init: EncryptedRoomsInit;

  constructor(init: EncryptedRoomsInit) {
    this.init = init;
  }

  get canDecrypt(): boolean {
    return this.init.decrypts;
  }

  /** The served rooms known to be encrypted. */
  encryptedRoomIds(): string[] {
    return [...this.encrypted];
  }

  isEncrypted(roomId: string): boolean {
    return this.encrypted.has(roomId);
  }

  isReadable(roomId: string): boolean {
    return this.init.decrypts || !this.encrypted.has(roomId);
  }

  /** Reads each room's m.room.encryption state (at start, and for a room joined later). */
  async load(roomIds: Iterable<string>): Promise<void> {
    for (const roomId of roomIds) {
      try {
        const content = (await withRateLimitRetry(() => this.init.client.getRoomStateEvent(roomId, ENCRYPTION_STATE, ''))) as StateLike['content'];
        if (turnsOnEncryption({ type: ENCRYPTION_STATE, state_key: '', content })) this.encrypted.add(roomId);
      } catch (error) {
        // 404: no such state, the room is not encrypted. Anything else: we cannot tell now; sync will tell if it is.
        if ((error as { statusCode?: number }).statusCode !== 404) this.init.logger.warn({ err: error, roomId }, 'could not read whether a room is encrypted');
      }
    }
    const rooms = [...this.encrypted];
    if (rooms.length && !this.init.decrypts) {
      this.init.logger.warn({ rooms }, `some served rooms are encrypted and the bot cannot read them: no polls open there; ${ENCRYPTION_FIX}`);
    }
  }

  /** Follows rooms that turn encrypted, from the state and timeline of one raw sync response (before it is handled). */
  async noteSync(raw: unknown): Promise<void> {
    for (const [roomId, room] of Object.entries((raw as RawSyncRooms | undefined)?.rooms?.join ?? {})) {
      const events = [...(room.state?.events ?? []), ...(room.timeline?.events ?? [])];
      if (!events.some(turnsOnEncryption) || this.encrypted.has(roomId)) continue;
      this.encrypted.add(roomId);
      this.init.logger.warn({ roomId, decrypts: this.init.decrypts }, 'a served room turned encrypted');
      if (this.init.decrypts) continue;
      try {
        await this.init.turnedEncrypted?.(roomId);
      } catch (error) {
        this.init.logger.warn({ err: error, roomId }, 'could not tell a room that turned encrypted what it means for its votes');
      }
    }
  }
}
