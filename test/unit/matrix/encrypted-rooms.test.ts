import { describe, expect, it } from 'vitest';
import { canDecrypt, EncryptedRooms } from '../../../bot/matrix/encrypted-rooms.ts';
import { createLogger } from '../../../bot/logger.ts';

const PLAIN = '!plain:x';
const SECRET = '!secret:x';
const MEGOLM = { algorithm: 'm.megolm.v1.aes-sha2' };

function rooms(decrypts = false) {
  const turned: string[] = [];
  const client = {
    getRoomStateEvent: async (roomId: string) => {
      if (roomId === SECRET) return MEGOLM;
      throw Object.assign(new Error('not found'), { statusCode: 404 });
    },
  };
  const encrypted = new EncryptedRooms({
    client: client as never,
    logger: createLogger({ level: 'fatal' }),
    decrypts,
    turnedEncrypted: async (roomId) => void turned.push(roomId),
  });
  return { encrypted, turned };
}

const syncWith = (roomId: string, where: 'state' | 'timeline') => ({
  rooms: { join: { [roomId]: { [where]: { events: [{ type: 'm.room.encryption', state_key: '', content: MEGOLM }] } } } },
});

describe('which rooms the bot can read', () => {
  it('reads m.room.encryption at start: a room without it is readable', async () => {
    const { encrypted } = rooms();
    await encrypted.load([PLAIN, SECRET]);
    expect(encrypted.isEncrypted(SECRET)).toBe(true);
    expect(encrypted.isReadable(SECRET)).toBe(false);
    expect(encrypted.isReadable(PLAIN)).toBe(true);
  });

  it('follows a room that turns encrypted, from the timeline or the state of a sync, and says so once', async () => {
    const { encrypted, turned } = rooms();
    await encrypted.load([PLAIN]);
    await encrypted.noteSync(syncWith(PLAIN, 'timeline'));
    await encrypted.noteSync(syncWith(PLAIN, 'state'));
    expect(encrypted.isReadable(PLAIN)).toBe(false);
    expect(turned).toEqual([PLAIN]);
  });

  it('reads every room when it can decrypt, and then needs no warning', async () => {
    const { encrypted, turned } = rooms(true);
    await encrypted.load([SECRET]);
    await encrypted.noteSync(syncWith(PLAIN, 'timeline'));
    expect(encrypted.isReadable(SECRET)).toBe(true);
    expect(turned).toEqual([]);
  });

  it('can decrypt only with the library, the setting and a crypto client together', () => {
    const withCrypto = { crypto: {} } as never;
    const without = { crypto: undefined } as never;
    expect(canDecrypt({ encryptionAvailable: true }, { encryption: true }, withCrypto)).toBe(true);
    expect(canDecrypt({ encryptionAvailable: false }, { encryption: true }, withCrypto)).toBe(false);
    expect(canDecrypt({ encryptionAvailable: true }, { encryption: false }, withCrypto)).toBe(false);
    expect(canDecrypt({ encryptionAvailable: true }, { encryption: true }, without)).toBe(false);
  });
});
