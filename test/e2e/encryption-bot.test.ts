// The real bot (`fedimoot run`, a child process) with `matrix.encryption: true` in an encrypted staff room: a staff
// member on matrix-js-sdk with Rust crypto asks for help and reads the encrypted answer; after a crash (SIGKILL) and a
// start on the same storage folder the bot is the same device and still answers.
import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CRYPTO_STORE_FILE } from '../../bot/matrix/crypto/nodejs-binding-on-wasm.ts';
import { registerUser, type MatrixSession } from '../servers/synapse-users.ts';
import { BotProcess } from './support/bot-process.ts';
import { startJsSdkUser, waitForDecryptedText, type JsSdkUser } from './support/js-sdk-user.ts';

const synapse = inject('synapse');
const run = randomBytes(3).toString('hex');

let bot: MatrixSession;
let staff: JsSdkUser;
let staffRoom: string;
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

async function askForHelp(): Promise<string> {
  const answered = waitForDecryptedText(staff, staffRoom, bot.userId, (body) => body.includes('fedimoot commands'), 60_000);
  await staff.client.sendTextMessage(staffRoom, '!moot help');
  const answer = await answered;
  expect(answer.isEncrypted()).toBe(true);
  return answer.getContent().body as string;
}

beforeAll(async () => {
  bot = await registerUser(synapse.url, synapse.registrationSharedSecret, `moot-e2ee-${run}`, `pw-${run}`);
  const staffSession = await registerUser(synapse.url, synapse.registrationSharedSecret, `staff-e2ee-${run}`, `pw-${run}`);
  staff = await startJsSdkUser(synapse.url, staffSession);
  const created = await staff.client.createRoom({
    name: `Encrypted staff ${run}`,
    invite: [bot.userId],
    initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
  });
  staffRoom = created.room_id;
  botProcess = await BotProcess.create({
    homeserverUrl: synapse.url,
    accessToken: bot.accessToken,
    staffRooms: [staffRoom],
    memberRooms: [],
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
});
