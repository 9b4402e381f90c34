// `fedimoot check`'s room lines against a real Synapse, run as the operator runs it (bin/fedimoot.js): a room the
// bot is only invited to passes (it joins at start), a room without an invite fails, and so do a room where the bot
// may not post, an encrypted room it cannot read (also seen from an invite alone) and a policy room where it may not
// set rules; with every room right the check exits 0.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { botDecryption } from '../../bot/matrix/can-decrypt.ts';
import { loadMatrixSdk } from '../../bot/matrix/load-sdk.ts';
import { BotProcess } from './support/bot-process.ts';
import { MatrixUser } from './support/matrix-user.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/fedimoot.js', import.meta.url).pathname;
const synapse = inject('synapse');
const ENCRYPTED = [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }];
const ENCRYPTION_FIX = 'use a room without encryption, or turn on matrix.encryption in the config';
const CHAT_TYPES = 'm.room.message, org.matrix.msc3381.poll.start, org.matrix.msc3381.poll.end, m.reaction';

/** `encryption`: matrix.encryption (default on, as in the bot). */
async function check(bot: MatrixUser, rooms: { staffRooms: string[]; memberRooms: string[]; policyRoom?: string }, encryption = true) {
  const config = await BotProcess.create({ homeserverUrl: synapse.url, accessToken: bot.accessToken, ...rooms });
  await config.setConfig({ matrix: { encryption, ...(rooms.policyRoom ? { policyRoom: rooms.policyRoom } : {}) } });
  let result: { code: number; stdout: string; stderr: string };
  try {
    result = { code: 0, ...(await run(process.execPath, [BIN, 'check', '-c', config.configPath])) };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    result = { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
  expect(result.stdout + result.stderr).not.toContain(bot.accessToken);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines[0]).toBe(`pass  config ${config.configPath} is valid`);
  expect(lines[1]).toBe(`pass  Matrix: logged in as ${bot.userId}`);
  if (encryption) expect(lines[2]).toMatch(/^pass {2}Matrix: end-to-end encryption on, with @matrix-org\/matrix-sdk-crypto-wasm \(matrix-sdk-crypto [\d.]+\)$/);
  expect(lines.at(-1)).toBe('pass  Mastodon: not configured (votes are recorded, nothing is applied)');
  return { code: result.code, lines: lines.slice(encryption ? 3 : 2, -1) };
}

describe('fedimoot check, the rooms', () => {
  let staff: MatrixUser;
  let bot: MatrixUser;
  let suffix: string;

  beforeAll(async () => {
    suffix = Math.random().toString(36).slice(2, 8);
    staff = await MatrixUser.register(synapse, `staff-check-${suffix}`);
    bot = await MatrixUser.register(synapse, `moot-check-${suffix}`);
  });

  /** A room the staff member makes; the bot joins it when `join`, else stays invited (or not even that). */
  async function room(options: { invite?: boolean; join?: boolean; powerLevels?: Record<string, unknown>; encrypted?: boolean }): Promise<string> {
    const id = await staff.createRoom({
      name: `check ${suffix}`,
      invite: options.invite === false ? [] : [bot.userId],
      powerLevels: options.powerLevels,
      initialState: options.encrypted ? ENCRYPTED : undefined,
    });
    if (options.join) await bot.join(id);
    return id;
  }

  it('an invited room passes, and each room the bot cannot serve fails with its fix (exit 1)', async () => {
    const invited = await room({});
    const notInvited = await room({ invite: false });
    const muted = await room({ join: true, powerLevels: { events_default: 50 } });
    const encrypted = await room({ join: true, encrypted: true });
    const invitedEncrypted = await room({ encrypted: true });
    const policy = await room({ join: true, powerLevels: { events_default: 50, state_default: 50 } });
    const why = botDecryption({ encryption: false }, loadMatrixSdk()).why;

    // With encryption off, the encrypted rooms are ones the bot cannot read.
    const { code, lines } = await check(bot, { staffRooms: [invited], memberRooms: [notInvited, muted, encrypted, invitedEncrypted], policyRoom: policy }, false);
    expect(lines).toEqual([
      `pass  Matrix: staff room ${invited} invited; the bot joins it at start`,
      `pass  Matrix: staff room ${invited}: the bot's power level is checked once it has joined`,
      `pass  Matrix: staff room ${invited} not encrypted (as its invite shows)`,
      `FAIL  Matrix: member room ${notInvited} joined — invite ${bot.userId} to the room; it joins configured rooms at start`,
      `pass  Matrix: member room ${muted} joined`,
      `FAIL  Matrix: member room ${muted}: the bot may send messages, polls and reactions — at power level 0 it may not send ${CHAT_TYPES} (needs 50); give ${bot.userId} power level 50 in the room, or lower events_default to 0`,
      `pass  Matrix: member room ${muted} not encrypted`,
      `pass  Matrix: member room ${encrypted} joined`,
      `pass  Matrix: member room ${encrypted}: the bot may send messages, polls and reactions (power level 0, needs 0)`,
      `FAIL  Matrix: member room ${encrypted} is encrypted and the bot cannot decrypt it (${why}) — ${ENCRYPTION_FIX}`,
      `pass  Matrix: member room ${invitedEncrypted} invited; the bot joins it at start`,
      `pass  Matrix: member room ${invitedEncrypted}: the bot's power level is checked once it has joined`,
      `FAIL  Matrix: member room ${invitedEncrypted} is encrypted and the bot cannot decrypt it (${why}) — ${ENCRYPTION_FIX}`,
      `pass  Matrix: policy room ${policy} joined`,
      `FAIL  Matrix: policy room ${policy}: the bot may set m.policy.rule.server rules — at power level 0 it may not set m.policy.rule.server (needs 50); give ${bot.userId} power level 50 in the room, or lower state_default to 0`,
      `pass  Matrix: policy room ${policy} not encrypted`,
    ]);
    expect(code).toBe(1);
  });

  it('with the rooms put right (power levels raised after a first check), every line passes and it exits 0', async () => {
    const invited = await room({});
    const member = await room({ join: true, powerLevels: { events_default: 50 } });
    const policy = await room({ join: true, powerLevels: { events_default: 50, state_default: 50 } });
    const rooms = { staffRooms: [invited], memberRooms: [member], policyRoom: policy };
    expect((await check(bot, rooms)).code).toBe(1);
    await staff.setPowerLevel(member, bot.userId, 50);
    await staff.setPowerLevel(policy, bot.userId, 50);

    // A second check right after the change reads it (Synapse would otherwise hand back its cached first answer).
    const { code, lines } = await check(bot, rooms);
    expect(lines).toEqual([
      `pass  Matrix: staff room ${invited} invited; the bot joins it at start`,
      `pass  Matrix: staff room ${invited}: the bot's power level is checked once it has joined`,
      `pass  Matrix: staff room ${invited} not encrypted (as its invite shows)`,
      `pass  Matrix: member room ${member} joined`,
      `pass  Matrix: member room ${member}: the bot may send messages, polls and reactions (power level 50, needs 50)`,
      `pass  Matrix: member room ${member} not encrypted`,
      `pass  Matrix: policy room ${policy} joined`,
      `pass  Matrix: policy room ${policy}: the bot may set m.policy.rule.server rules (power level 50, needs 50)`,
      `pass  Matrix: policy room ${policy} not encrypted`,
    ]);
    expect(code).toBe(0);
  });

  it('with encryption on (the default), an encrypted room passes: the bot decrypts it', async () => {
    const encrypted = await room({ join: true, encrypted: true });
    const { code, lines } = await check(bot, { staffRooms: [encrypted], memberRooms: [] });
    expect(lines).toEqual([
      `pass  Matrix: staff room ${encrypted} joined`,
      `pass  Matrix: staff room ${encrypted}: the bot may send messages, polls and reactions (power level 0, needs 0)`,
      `pass  Matrix: staff room ${encrypted} encrypted; the bot decrypts it`,
    ]);
    expect(code).toBe(0);
  });

  it('an alias the homeserver does not know fails, naming the config key', async () => {
    const alias = `#nowhere-${suffix}:${synapse.serverName}`;
    const { code, lines } = await check(bot, { staffRooms: [alias], memberRooms: [] });
    expect(lines).toEqual([`FAIL  Matrix: staff room ${alias} exists — the homeserver does not know this alias (it answered 404 M_NOT_FOUND); check matrix.staffRooms`]);
    expect(code).toBe(1);
  });
});
