// The Matrix loop against a real Synapse: command reply latency beside Synapse's own round trip (ping → pong), 1,000 voters
// answering one poll within a minute (all counted, bot lag), 1,000 encrypted answers to the same proposal's poll in an
// encrypted member room (bot lag beside the unencrypted one, see matrix-encrypted.ts), and the bot's memory with
// encryption on. Baselines are measured in the run.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSynapse } from '../test/servers/synapse.ts';
import { MatrixUser } from '../test/e2e/support/matrix-user.ts';
import { BotProcess } from '../test/e2e/support/bot-process.ts';
import { ofType, textMatching } from '../test/e2e/support/matrix-events.ts';
import type { BenchSection, Measurement } from './report.ts';
import { rssMb } from './process-memory.ts';
import { IDLE_GOAL_MB, SETTLE_MS } from './footprint.ts';
import type { JsSdkUser } from '../test/e2e/support/js-sdk-user.ts';
import { startPlainSync, type PlainSync } from './plain-sync.ts';
import { ENCRYPTED_SENDERS, registerEncryptedSenders, sendEncryptedAnswers, startEncryptedSenders } from './matrix-encrypted.ts';

const SAMPLES = 30;
const VOTERS = Number(process.env.BENCH_VOTERS ?? 1000);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}


async function inBatches<T>(items: readonly T[], size: number, fn: (item: T, i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)));
}

/** Waits until the bot has stored `expected` poll answers from `roomId`; returns each one's lag (stored − sent). */
async function lagsIn(db: Database.Database, roomId: string, expected: number): Promise<number[]> {
  const query = db.prepare("SELECT received_at - ts AS lag FROM votes WHERE source = 'poll' AND room_id = ?");
  let lags: number[] = [];
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    lags = (query.all(roomId) as { lag: number }[]).map((r) => r.lag);
    if (lags.length >= expected) break;
    await sleep(250);
  }
  return lags;
}

async function run(): Promise<Measurement[]> {
  const synapse = await startSynapse({ log: () => undefined });
  let bot: BotProcess | undefined;
  let senders: JsSdkUser[] = [];
  let plain: PlainSync | undefined;
  try {
    const [botUser, staff, observer, plainUser] = await Promise.all(['bench-bot', 'bench-staff', 'bench-observer', 'bench-plain'].map((n) => MatrixUser.register(synapse, n)));
    const staffRoom = await staff!.createRoom({ name: 'Staff', invite: [botUser!.userId] });
    const memberRoom = await staff!.createRoom({ name: 'Town hall', preset: 'public_chat', invite: [botUser!.userId] });
    const echoRoom = await staff!.createRoom({ name: 'Echo', preset: 'public_chat' });
    await observer!.join(echoRoom);
    await observer!.join(memberRoom);
    await plainUser!.join(memberRoom);
    const encryptedRoom = await staff!.createRoom({
      name: 'Encrypted town hall',
      preset: 'public_chat',
      invite: [botUser!.userId],
      initialState: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    bot = await BotProcess.create({
      homeserverUrl: synapse.url,
      accessToken: botUser!.accessToken,
      staffRooms: [staffRoom],
      memberRooms: [memberRoom, encryptedRoom],
      matrix: { encryption: true },
      extra: { log: { level: 'info' } },
    });
    await bot.start(60_000);
    // At rest, as the footprint section reads it.
    await sleep(SETTLE_MS);
    const idleRss = rssMb(bot.pid);

    // Synapse's round trip: a plain client's ping seen by another through /sync, who answers it at once, until the pong
    // reaches the first; a command's reply makes the same two trips (the command to the bot, the reply back).
    const echo: number[] = [];
    const reply: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      let start = performance.now();
      await staff!.sendText(echoRoom, `ping ${i}`);
      await observer!.waitForEvent(echoRoom, textMatching(new RegExp(`^ping ${i}$`)));
      await observer!.sendText(echoRoom, `pong ${i}`);
      await staff!.waitForEvent(echoRoom, textMatching(new RegExp(`^pong ${i}$`)));
      echo.push(performance.now() - start);
      start = performance.now();
      const id = await observer!.sendText(memberRoom, '!moot status');
      await observer!.waitForEvent(memberRoom, (ev) => (ev.content['m.relates_to'] as { 'm.in_reply_to'?: { event_id?: string } } | undefined)?.['m.in_reply_to']?.event_id === id);
      reply.push(performance.now() - start);
    }

    // 1,000 voters: registered and joined before the poll opens (eligibility is fixed then), then all answer.
    const voters: MatrixUser[] = [];
    await inBatches(Array.from({ length: VOTERS }, (_, i) => i), 16, async (i) => {
      const user = await MatrixUser.register(synapse, `voter-${i}`);
      await user.join(memberRoom);
      voters.push(user);
    });
    // The encrypted room's senders join before the poll opens too; they answer after the 1,000, so the two loads do not mix.
    const senderUsers = await registerEncryptedSenders(synapse, encryptedRoom);
    const perSender = Math.ceil(VOTERS / ENCRYPTED_SENDERS);
    await staff!.sendText(memberRoom, '!moot propose load.example suspend --duration 2h');
    const poll = await observer!.waitForEvent(memberRoom, ofType('org.matrix.msc3381.poll.start', botUser!.userId), { timeoutMs: 120_000 });
    let peakRss = idleRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(bot?.pid))), 200);
    plain = await startPlainSync(synapse.url, plainUser!.accessToken, memberRoom);
    const sendStart = performance.now();
    await inBatches(voters, 32, (user, i) => user.sendPollResponse(memberRoom, poll.event_id, [i % 3 === 0 ? 'no' : 'yes']));
    const sendMs = performance.now() - sendStart;
    const db = new Database(join(bot.dir, 'fedimoot.db'), { readonly: true });
    const lags = await lagsIn(db, memberRoom, VOTERS);
    const counted = lags.length;
    const plainLags = await plain.lags(VOTERS);
    plain.stop();
    senders = await startEncryptedSenders(synapse, senderUsers, encryptedRoom);
    // The bot's poll there, from its database: the senders' devices did not exist yet when it was sent, so they cannot read it.
    const encryptedPoll = (db.prepare('SELECT start_event_id AS id FROM polls WHERE room_id = ?').get(encryptedRoom) as { id: string }).id;
    const encryptedSendMs = await sendEncryptedAnswers(senders, encryptedRoom, encryptedPoll, perSender);
    const encryptedLags = await lagsIn(db, encryptedRoom, perSender * ENCRYPTED_SENDERS);
    clearInterval(sampler);
    db.close();
    // All counted: close the vote and read the result line the bot posts.
    await staff!.sendText(staffRoom, '!moot close 1');
    const result = await staff!.waitForEvent(staffRoom, textMatching(/^Proposal 1 \(suspend load\.example\): /, botUser!.userId), { timeoutMs: 120_000 });
    const expectedNo = Math.ceil(VOTERS / 3);
    const line = String(result.content.body).split('\n')[0];
    // The encrypted senders' latest answers are abstentions; none may be unreadable.
    const expected = `yes ${VOTERS - expectedNo} · no ${expectedNo} · abstain ${ENCRYPTED_SENDERS} · spoiled 0 · ${VOTERS + ENCRYPTED_SENDERS} of`;
    const allCounted = line.includes(expected);
    console.log(`\nResult after the close: ${line}\n${allCounted ? 'every answer counted' : `NOT every answer counted: expected "${expected}"`}`);
    console.log(`${counted} of ${VOTERS} poll answers stored by the bot; the voters sent them in ${(sendMs / 1000).toFixed(1)} s` +
      ` (goal: within 60 s); bot lag p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms;` +
      ` bare /sync client's lag p50 ${percentile(plainLags, 50)} ms, p99 ${percentile(plainLags, 99)} ms;` +
      ` bot RSS idle ${idleRss.toFixed(0)} MB with encryption on (goal ≤ ${IDLE_GOAL_MB} MB), peak under load ${peakRss.toFixed(0)} MB`);
    console.log(`${encryptedLags.length} of ${perSender * ENCRYPTED_SENDERS} encrypted poll answers stored by the bot; ${ENCRYPTED_SENDERS} js-sdk senders` +
      ` sent ${perSender} each in ${(encryptedSendMs / 1000).toFixed(1)} s; bot lag p50 ${percentile(encryptedLags, 50)} ms, p99 ${percentile(encryptedLags, 99)} ms`);
    const encryptedN = (perSender * ENCRYPTED_SENDERS).toLocaleString('en');
    return [
      { name: `command reply p50 (!moot status, ${SAMPLES} samples)`, ms: percentile(reply, 50), baselineName: 'Synapse round trip p50 (ping → other client → pong)', baselineMs: percentile(echo, 50) },
      { name: 'command reply p95', ms: percentile(reply, 95), baselineName: 'Synapse round trip p95', baselineMs: percentile(echo, 95), goalRatio: 1.5 },
      // Shown beside 1 s (an early goal of ours) without a goal: an absolute lag follows the machine (in one run Synapse
      // itself delivered to a bare client at p99 991 ms), so the goal is the ratio to that client (issue 15), below.
      { name: `bot lag p99 over ${counted} answers (stored − origin_server_ts)`, ms: percentile(lags, 99), baselineName: '1 s', baselineMs: 1000 },
      {
        name: '  the same bot lag p99',
        ms: percentile(lags, 99),
        baselineName: `Synapse's delivery p99 to a bare /sync client (${plainLags.length} seen)`,
        baselineMs: percentile(plainLags, 99),
        goalRatio: 1.5,
      },
      {
        name: `${encryptedN} encrypted poll answers: bot lag p99 (${ENCRYPTED_SENDERS} js-sdk senders)`,
        ms: percentile(encryptedLags, 99),
        baselineName: `${counted.toLocaleString('en')} unencrypted poll answers: bot lag p99`,
        baselineMs: percentile(lags, 99),
        goalRatio: 2,
      },
      { name: 'bot RSS idle, encryption on (MB, shown as ms)', ms: idleRss, baselineName: `goal: ${IDLE_GOAL_MB} MB`, baselineMs: IDLE_GOAL_MB, goalRatio: 1 },
    ];
  } finally {
    plain?.stop();
    senders.forEach((sender) => sender.stop());
    await bot?.stop();
    await synapse.destroy();
  }
}

export const matrixSection: BenchSection = { id: 'matrix', title: 'Matrix loop (real Synapse and the real bot)', run };
