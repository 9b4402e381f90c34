// A community whose rooms are all encrypted, as Element makes private rooms: the real bot (`fedimoot run`, encryption
// on) and people on matrix-js-sdk with Rust crypto, so every command, vote and answer crosses the wire encrypted.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { expect, inject } from 'vitest';
import type { MatrixEvent } from 'matrix-js-sdk';
import { logger as globalSdkLogger } from 'matrix-js-sdk/lib/logger.js';
import { registerUser, type MatrixSession } from '../../servers/synapse-users.ts';
import { BotProcess, type BotConfigInput } from './bot-process.ts';
import { startJsSdkUser, waitForDecryptedEvent, waitForDecryptedText, type JsSdkUser } from './js-sdk-user.ts';
import { POLL_RESPONSE, pollResponseContent } from './matrix-events.ts';

export const MEGOLM_STATE = { type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } };

export interface Person extends JsSdkUser {
  userId: string;
}

export interface EncryptedWorld {
  run: string;
  bot: MatrixSession;
  staff: Person;
  members: Person[];
  staffRoom: string;
  memberRoom: string;
  botProcess: BotProcess;
  stop(): Promise<void>;
}

export async function startPerson(localpart: string): Promise<Person> {
  // Some of the SDK logs through its global logger (a loglevel logger, typed without setLevel), at info to stdout.
  (globalSdkLogger as unknown as { setLevel(level: string): void }).setLevel('error');
  const synapse = inject('synapse');
  const session = await registerUser(synapse.url, synapse.registrationSharedSecret, localpart, `pw-${localpart}`);
  return { ...(await startJsSdkUser(synapse.url, session)), userId: session.userId };
}

/** Staff make both rooms encrypted from the start; the members join the member room before anything is proposed. */
export async function createEncryptedWorld(memberCount: number, config: Partial<BotConfigInput> = {}): Promise<EncryptedWorld> {
  const synapse = inject('synapse');
  const run = randomBytes(3).toString('hex');
  const bot = await registerUser(synapse.url, synapse.registrationSharedSecret, `moot-enc-${run}`, `pw-${run}`);
  const staff = await startPerson(`staff-enc-${run}`);
  const members = await Promise.all(Array.from({ length: memberCount }, (_, i) => startPerson(`m${i}-enc-${run}`)));
  const room = async (name: string, invite: string[]) =>
    (await staff.client.createRoom({ name: `${name} ${run}`, invite: [bot.userId, ...invite], initial_state: [MEGOLM_STATE] })).room_id;
  const staffRoom = await room('Encrypted staff', []);
  const memberRoom = await room('Encrypted town hall', members.map((m) => m.userId));
  for (const member of members) await joinEncrypted(member, memberRoom);
  const botProcess = await BotProcess.create({
    homeserverUrl: synapse.url,
    accessToken: bot.accessToken,
    staffRooms: [staffRoom],
    memberRooms: [memberRoom],
    matrix: { encryption: true },
    ...config,
  });
  const stop = async () => {
    await botProcess.stop();
    for (const person of [staff, ...members]) person.stop();
  };
  return { run, bot, staff, members, staffRoom, memberRoom, botProcess, stop };
}

/** Joins and waits until the client has the room's m.room.encryption state: it refuses to send until then. */
export async function joinEncrypted(person: Person, roomId: string, timeoutMs = 20_000): Promise<void> {
  await person.client.joinRoom(roomId);
  const until = Date.now() + timeoutMs;
  while (!(await person.client.getCrypto()!.isEncryptionEnabledInRoom(roomId))) {
    if (Date.now() > until) throw new Error(`${person.userId} did not see ${roomId} encrypted within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Sends `text` and resolves with the bot's decrypted reply whose body matches; the reply must have been encrypted. */
export async function say(world: EncryptedWorld, person: Person, room: string, text: string, reply: RegExp, timeoutMs = 60_000): Promise<string> {
  const answered = waitForDecryptedText(person, room, world.bot.userId, (body) => reply.test(body), timeoutMs);
  await person.client.sendTextMessage(room, text);
  const answer = await answered;
  expect(answer.isEncrypted()).toBe(true);
  return answer.getContent().body as string;
}

/** Sends a poll response (encrypted by the SDK, as the room is) and returns its event id. */
export async function answerPoll(person: Person, room: string, pollId: string, answers: string[]): Promise<string> {
  // sendEvent's typings only know the SDK's own event types; a poll response under its unstable name is not one.
  const send = person.client.sendEvent.bind(person.client) as unknown as (room: string, type: string, content: unknown) => Promise<{ event_id: string }>;
  return (await send(room, POLL_RESPONSE, pollResponseContent(pollId, answers))).event_id;
}

/** Sends a text vote and resolves with the key of the bot's (decrypted) reaction to it. */
export async function textVote(world: EncryptedWorld, person: Person, room: string, text: string): Promise<string> {
  // Listening before sending: the reaction may arrive in the sync that also brings the send's echo.
  const sent: { id?: string } = {};
  const reacted = waitForDecryptedEvent(person, room, world.bot.userId, (event: MatrixEvent) =>
    event.getType() === 'm.reaction' && sent.id !== undefined && event.getRelation()?.event_id === sent.id, 60_000);
  sent.id = (await person.client.sendTextMessage(room, text)).event_id;
  return (await reacted).getRelation()!.key!;
}

export interface StoredVotes {
  /** Readable responses and text votes, oldest first. */
  votes: { voter: string; event_id: string; source: string; answer: string | null }[];
  /** Encrypted poll responses the bot could not decrypt (recorded by their clear-text relation). */
  unreadable: number;
}

/** What the bot has stored about votes (its SQLite file, read-only, as the running bot goes on writing). */
export function storedVotes(world: EncryptedWorld): StoredVotes {
  const db = new Database(join(world.botProcess.dir, 'fedimoot.db'), { readonly: true, fileMustExist: true });
  try {
    const votes = db.prepare('SELECT voter, event_id, source, answer FROM votes ORDER BY id').all() as StoredVotes['votes'];
    const { n } = db.prepare('SELECT count(*) AS n FROM unreadable_responses').get() as { n: number };
    return { votes, unreadable: n };
  } finally {
    db.close();
  }
}

interface DeviceKeys {
  device_keys: Record<string, Record<string, { keys: Record<string, string> }>>;
}

/** A user's devices as the homeserver publishes them (/keys/query): device id → ed25519 key. */
export async function publishedDevices(asker: JsSdkUser, userId: string): Promise<Record<string, string | undefined>> {
  const answer = (await asker.client.http.authedRequest('POST' as never, '/keys/query', undefined, { device_keys: { [userId]: [] } })) as DeviceKeys;
  const devices = answer.device_keys[userId] ?? {};
  return Object.fromEntries(Object.entries(devices).map(([id, device]) => [id, device.keys[`ed25519:${id}`]]));
}
