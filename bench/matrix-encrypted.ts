// Encrypted poll answers for the Matrix bench: senders on matrix-js-sdk with Rust crypto (as Element), answering the
// bot's poll in an encrypted member room, so the bot decrypts every answer before it can count it.
//
// Why a handful of senders, each answering many times, rather than 1,000 voters: each sender is a full js-sdk client
// with its own WebAssembly crypto machine, too heavy to run 1,000 of in the bench process. What the lag row measures is
// per event (stored − origin_server_ts of each answer), and the bot's per-event work is the same whoever sent it: the
// sync, a Megolm decryption, the intake, the write. What it does once per sender (an Olm session, the room key as a
// to-device message) happens at a sender's first answer, so 20 senders carry it 20 times rather than 1,000; the row
// says how many senders there were. Each sender's last answer is "abstain", sent after a pause, so the result line
// shows whether the latest answer per sender won. The pace is the senders' own (each awaits its send, encrypting
// first, so 20 are in flight where the unencrypted voters have 32); the bench prints both sending times.
import { logger as globalSdkLogger } from 'matrix-js-sdk/lib/logger.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { MatrixUser, type SynapseRef } from '../test/e2e/support/matrix-user.ts';
import { startJsSdkUser, type JsSdkUser } from '../test/e2e/support/js-sdk-user.ts';
import { POLL_RESPONSE, pollResponseContent } from '../test/e2e/support/matrix-events.ts';

export const ENCRYPTED_SENDERS = Number(process.env.BENCH_ENCRYPTED_SENDERS ?? 20);

/**
 * Registers the senders and joins them to the encrypted room, plainly: they must be members when the poll opens (who
 * may vote is fixed then), but their crypto clients start only after the unencrypted answers were measured, so that
 * their syncing does not compete with the baseline for the machine.
 */
export async function registerEncryptedSenders(synapse: SynapseRef, roomId: string): Promise<MatrixUser[]> {
  const users: MatrixUser[] = [];
  for (let i = 0; i < ENCRYPTED_SENDERS; i++) {
    const user = await MatrixUser.register(synapse, `enc-sender-${i}`);
    await user.join(roomId);
    users.push(user);
  }
  return users;
}

/** Starts the senders' js-sdk clients (uploading their device keys) and waits until each will encrypt in the room. */
export async function startEncryptedSenders(synapse: SynapseRef, users: readonly MatrixUser[], roomId: string): Promise<JsSdkUser[]> {
  // Some of the SDK logs through its global logger (a loglevel logger, typed without setLevel), at info to stdout.
  (globalSdkLogger as unknown as { setLevel(level: string): void }).setLevel('error');
  const senders = await Promise.all(users.map((user) => startJsSdkUser(synapse.url, user)));
  // Each client refuses to send into the room until it has seen its m.room.encryption state.
  for (const { client } of senders) while (!(await client.getCrypto()!.isEncryptionEnabledInRoom(roomId))) await sleep(100);
  return senders;
}

/** Every sender sends `perSender` answers one after another (senders in parallel); returns the sending time in ms. */
export async function sendEncryptedAnswers(senders: readonly JsSdkUser[], roomId: string, pollId: string, perSender: number): Promise<number> {
  const start = performance.now();
  await Promise.all(senders.map(async ({ client }) => {
    // sendEvent's typings only know the SDK's own event types; a poll response under its unstable name is not one.
    const send = client.sendEvent.bind(client) as unknown as (room: string, type: string, content: unknown) => Promise<unknown>;
    for (let i = 0; i < perSender - 1; i++) await send(roomId, POLL_RESPONSE, pollResponseContent(pollId, [i % 2 ? 'no' : 'yes']));
    await sleep(50); // the last answer is the latest by its timestamp too
    await send(roomId, POLL_RESPONSE, pollResponseContent(pollId, ['abstain']));
  }));
  return performance.now() - start;
}
