// End-to-end encryption with the crypto that runs here: matrix-bot-sdk's own CryptoClient on the WebAssembly crypto
// (bot/matrix/crypto/), against a person on matrix-js-sdk with Rust crypto, in an encrypted room on a real Synapse.
// The bot reads what the person writes, answers so the person's client can read it, and after a restart on the same
// storage folder it is still the same device and still reads the room's old and new messages.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MatrixClient } from 'matrix-bot-sdk';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadMatrixSdk } from '../../bot/matrix/load-sdk.ts';
import { CRYPTO_STORE_FILE } from '../../bot/matrix/crypto/nodejs-binding-on-wasm.ts';
import { registerUser, type MatrixSession } from '../servers/synapse-users.ts';
import { startJsSdkUser, waitForDecryptedText, type JsSdkUser } from './support/js-sdk-user.ts';

const synapse = inject('synapse');
const run = randomBytes(3).toString('hex');

interface RunningBot {
  client: MatrixClient;
  /** Plain texts of the decrypted `m.room.message` events the bot's handler saw, by event id. */
  seen: Map<string, string>;
}

let cryptoDir: string;
let botSession: MatrixSession;
let person: JsSdkUser;
let roomId: string;
const bots: RunningBot[] = [];

/** A bot-sdk client as connect.ts makes one with encryption on: crypto store in `cryptoDir`. */
async function startBot(): Promise<RunningBot> {
  const { sdk } = loadMatrixSdk();
  sdk.LogService.setLevel(sdk.LogLevel.WARN);
  const crypto = new sdk.RustSdkCryptoStorageProvider(cryptoDir, 0);
  const client = new sdk.MatrixClient(synapse.url, botSession.accessToken, new sdk.MemoryStorageProvider(), crypto);
  const seen = new Map<string, string>();
  client.on('room.message', (room: string, event: { event_id: string; sender: string; content?: { body?: string } }) => {
    if (room === roomId && event.sender !== botSession.userId) seen.set(event.event_id, event.content?.body ?? '');
  });
  await client.start();
  const bot = { client, seen };
  bots.push(bot);
  return bot;
}

function stopBot(bot: RunningBot): void {
  bot.client.stop();
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function personSends(body: string): Promise<string> {
  const { event_id } = await person.client.sendTextMessage(roomId, body);
  return event_id;
}

beforeAll(async () => {
  cryptoDir = await mkdtemp(join(tmpdir(), 'fedimoot-e2e-crypto-'));
  botSession = await registerUser(synapse.url, synapse.registrationSharedSecret, `cryptobot-${run}`, `pw-${run}`);
  const personSession = await registerUser(synapse.url, synapse.registrationSharedSecret, `alice-${run}`, `pw-${run}`);
  person = await startJsSdkUser(synapse.url, personSession);
  const created = await person.client.createRoom({
    name: 'Encrypted staff room',
    invite: [botSession.userId],
    initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
  });
  roomId = created.room_id;
});

afterAll(async () => {
  for (const bot of bots) stopBot(bot);
  person?.stop();
  // A stopped client's last sync may still be writing its store: rm retries on ENOTEMPTY.
  await rm(cryptoDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe('end-to-end encryption on the WebAssembly crypto', () => {
  let firstDeviceId: string;
  let oldEventId: string;

  it('reads an encrypted message and answers it encrypted', async () => {
    const bot = await startBot();
    expect(loadMatrixSdk().cryptoBackend).toBe('wasm');
    await bot.client.joinRoom(roomId);
    firstDeviceId = bot.client.crypto.clientDeviceId;
    expect(firstDeviceId).toBe(botSession.deviceId);
    // The person's client must see the bot as a member with a device before it shares the room key with it.
    await until('the bot to be joined in the person\'s client', () => (person.client.getRoom(roomId)?.getMember(botSession.userId)?.membership === 'join' ? true : undefined));

    oldEventId = await personSends('!help from an encrypted room');
    const text = await until('the bot to decrypt the message', () => bot.seen.get(oldEventId));
    expect(text).toBe('!help from an encrypted room');

    const answered = waitForDecryptedText(person, roomId, botSession.userId, (body) => body.startsWith('encrypted answer'));
    const relatesTo = { 'm.in_reply_to': { event_id: oldEventId } };
    const answerId = await bot.client.sendMessage(roomId, { msgtype: 'm.notice', body: 'encrypted answer to !help', 'm.relates_to': relatesTo });
    const answer = await answered;
    expect(answer.isEncrypted()).toBe(true);
    expect(answer.getContent().body).toBe('encrypted answer to !help');
    // The relation stays in the clear, so the server can aggregate replies, poll answers and ends (/relations).
    const raw = await bot.client.getRawEvent(roomId, answerId);
    expect(raw.type).toBe('m.room.encrypted');
    expect(raw.content['m.relates_to']).toEqual(relatesTo);
    expect((await stat(join(cryptoDir, CRYPTO_STORE_FILE))).size).toBeGreaterThan(0);
    stopBot(bot);
  });

  it('after a restart on the same folder keeps its device and reads old and new messages', async () => {
    const bot = await startBot();
    expect(bot.client.crypto.clientDeviceId).toBe(firstDeviceId);
    // The same identity key as before: the homeserver would refuse new keys for the same device id anyway.
    const published = (await bot.client.doRequest('POST', '/_matrix/client/v3/keys/query', null, { device_keys: { [botSession.userId]: [] } })) as {
      device_keys: Record<string, Record<string, { keys: Record<string, string> }>>;
    };
    expect(published.device_keys[botSession.userId][firstDeviceId].keys[`ed25519:${firstDeviceId}`]).toBe(bot.client.crypto.clientDeviceEd25519);

    // An old event, fetched again: decrypted with the room key received before the restart.
    const old = await bot.client.getEvent(roomId, oldEventId);
    expect(old.type).toBe('m.room.message');
    expect(old.content.body).toBe('!help from an encrypted room');

    // A new message in the same Megolm session, then one in a new session whose key arrives after the restart.
    const sameSession = await personSends('second message, same session');
    expect(await until('the restarted bot to decrypt the same-session message', () => bot.seen.get(sameSession))).toBe('second message, same session');
    await person.client.getCrypto()!.forceDiscardSession(roomId);
    const newSession = await personSends('third message, new session');
    expect(await until('the restarted bot to decrypt the new-session message', () => bot.seen.get(newSession))).toBe('third message, new session');

    const answered = waitForDecryptedText(person, roomId, botSession.userId, (body) => body === 'answer after restart');
    await bot.client.sendText(roomId, 'answer after restart');
    expect((await answered).getContent().body).toBe('answer after restart');
  });
});
