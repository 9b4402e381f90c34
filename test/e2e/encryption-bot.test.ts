// The real bot (`fedimoot run`, a child process) with `matrix.encryption: true` in an encrypted staff room: a staff
// member on matrix-js-sdk with Rust crypto asks for help and reads the encrypted answer; after a crash (SIGKILL) and a
// start on the same storage folder the bot is the same device and still answers. A vote in an encrypted member room:
// the poll the bot opens, the answer to it and the result are all encrypted.
import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CRYPTO_STORE_FILE } from '../../bot/matrix/crypto/nodejs-binding-on-wasm.ts';
import { registerUser, type MatrixSession } from '../servers/synapse-users.ts';
import { BotProcess } from './support/bot-process.ts';
import { startJsSdkUser, waitForDecryptedEvent, waitForDecryptedText, type JsSdkUser } from './support/js-sdk-user.ts';
import { POLL_RESPONSE, POLL_START, pollResponseContent } from './support/matrix-events.ts';

const synapse = inject('synapse');
const run = randomBytes(3).toString('hex');

let bot: MatrixSession;
let staff: JsSdkUser;
let staffRoom: string;
let memberRoom: string;
let botProcess: BotProcess;

interface DeviceKeys {
  device_keys: Record<string, Record<string, { keys: Record<string, string> }>>;
}

/** The bot's devices as the homeserver publishes them: device id → ed25519 key. */
async function publishedBotDevices(): Promise<Record<string, string | undefined>> {
  const answer = (await staff.client.http.authedRequest('POST' as never, '/keys/query', undefined, { device_keys: { [bot.userId]: [] } })) as DeviceKeys;
  const devices = answer.device_keys[bot.userId] ?? {};
  return Object.fromEntries(Object.entries(devices).map(([id, device]) => [id, device.keys[`ed25519:${id}`]]));
}

function encryptedRoom(name: string): Promise<{ room_id: string }> {
  return staff.client.createRoom({
    name: `${name} ${run}`,
    invite: [bot.userId],
    initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
  });
}

/** Sends `text` as the staff member and resolves with the body of the bot's decrypted reply that matches. */
async function say(room: string, text: string, reply: RegExp): Promise<string> {
  const answered = waitForDecryptedText(staff, room, bot.userId, (body) => reply.test(body), 60_000);
  await staff.client.sendTextMessage(room, text);
  const answer = await answered;
  expect(answer.isEncrypted()).toBe(true);
  return answer.getContent().body as string;
}

function askForHelp(): Promise<string> {
  return say(staffRoom, '!moot help', /fedimoot commands/);
}

beforeAll(async () => {
  bot = await registerUser(synapse.url, synapse.registrationSharedSecret, `moot-e2ee-${run}`, `pw-${run}`);
  const staffSession = await registerUser(synapse.url, synapse.registrationSharedSecret, `staff-e2ee-${run}`, `pw-${run}`);
  staff = await startJsSdkUser(synapse.url, staffSession);
  staffRoom = (await encryptedRoom('Encrypted staff')).room_id;
  memberRoom = (await encryptedRoom('Encrypted town hall')).room_id;
  botProcess = await BotProcess.create({
    homeserverUrl: synapse.url,
    accessToken: bot.accessToken,
    staffRooms: [staffRoom],
    memberRooms: [memberRoom],
    matrix: { encryption: true },
  });
});

afterAll(async () => {
  await botProcess?.stop();
  staff?.stop();
});

describe('the bot with matrix.encryption on', () => {
  it('answers a command in an encrypted room, and after a crash is the same device and answers again', async () => {
    await botProcess.start(60_000);
    const log = await botProcess.log();
    expect(log).toContain('end-to-end encryption is on, with @matrix-org/matrix-sdk-crypto-wasm');
    await access(join(botProcess.dir, 'fedimoot.db.crypto', CRYPTO_STORE_FILE));

    expect(await askForHelp()).toContain('fedimoot commands');
    const before = await publishedBotDevices();
    expect(Object.keys(before)).toEqual([bot.deviceId]);

    await botProcess.kill();
    await botProcess.start(60_000);
    expect(await publishedBotDevices()).toEqual(before);
    expect(await askForHelp()).toContain('fedimoot commands');
  });

  it('runs a vote in an encrypted member room: encrypted poll, encrypted answer, counted', async () => {
    const poll = waitForDecryptedEvent(staff, memberRoom, bot.userId, (event) => event.getType() === POLL_START, 60_000);
    expect(await say(memberRoom, '!moot propose encrypted.example suspend', /^Proposal 1 \(suspend encrypted\.example\) is open/)).toBeTruthy();
    const start = await poll;
    expect(start.isEncrypted()).toBe(true);
    await staff.client.sendEvent(memberRoom, POLL_RESPONSE as never, pollResponseContent(start.getId()!, ['yes']) as never);
    const closed = await say(staffRoom, '!moot close 1', /^Proposal 1 \(suspend encrypted\.example\): /);
    expect(closed).toMatch(/^Proposal 1 \(suspend encrypted\.example\): approved — yes 1 · no 0 /);
  });
});
