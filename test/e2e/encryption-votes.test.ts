// A whole vote where everything is encrypted: member room and staff room both encrypted, members and staff on
// matrix-js-sdk with Rust crypto (as Element), the real bot with encryption on. Between the votes the bot is killed
// (SIGKILL); while it is down a text vote is sent and buried under more messages than one sync hands over, so it comes
// back only through the read-back of the gap (gap-fill.ts), from a member whose room key reached the bot only as a
// to-device message during the downtime. A member who joined after the poll opened votes too: kept, not counted.
// (encryption-bot.test.ts covers commands, a crash without votes, and the simplest encrypted poll answer.)
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLL_START } from './support/matrix-events.ts';
import { waitForDecryptedEvent } from './support/js-sdk-user.ts';
import {
  answerPoll, createEncryptedWorld, joinEncrypted, publishedDevices, say, startPerson, storedVotes, textVote, type EncryptedWorld, type Person,
} from './support/encrypted-world.ts';

/** More than one sync's timeline limit, as in sync-gap.test.ts: the sync after the restart is `limited`. */
const CHATTER = 150;

let world: EncryptedWorld;
let late: Person | undefined;

beforeAll(async () => {
  world = await createEncryptedWorld(3);
  await world.botProcess.start(60_000);
});

afterAll(async () => {
  late?.stop();
  await world?.stop();
});

async function storedFrom(userId: string): Promise<void> {
  await expect.poll(() => storedVotes(world).votes.some((v) => v.voter === userId), { timeout: 20_000 }).toBe(true);
}

describe('a vote in encrypted rooms with the real bot', () => {
  it('counts every encrypted vote exactly, across a kill -9 and a sync gap, and keeps a late joiner’s vote uncounted', async () => {
    const { bot, staff, members, memberRoom, staffRoom, run } = world;
    const [m0, m1, m2] = members as [Person, Person, Person];
    const domain = `enc-votes-${run}.example`;
    const pollStart = waitForDecryptedEvent(m0, memberRoom, bot.userId, (event) => event.getType() === POLL_START, 60_000);
    await say(world, m0, memberRoom, `!moot propose ${domain} suspend`, /^Proposal 1 \(suspend .*\) is open/);
    const poll = (await pollStart).getId()!;

    await answerPoll(m0, memberRoom, poll, ['yes']);
    await storedFrom(m0.userId);
    const device = await publishedDevices(staff, bot.userId);
    expect(Object.keys(device)).toEqual([bot.deviceId]);

    await world.botProcess.kill();
    // m1 has sent nothing in the room before: its room key goes to the bot's device as a to-device message, which the
    // bot only gets in the first sync after its restart, the same sync whose gap holds the vote.
    const reaction = textVote(world, m1, memberRoom, '!moot vote 1 no');
    await sleep(500);
    for (let i = 0; i < CHATTER; i++) await m0.client.sendTextMessage(memberRoom, `chatter ${i}`);
    await world.botProcess.start(60_000);
    expect(await reaction).toBe('✅');
    expect(await world.botProcess.log()).toContain('read back events a limited sync skipped');
    expect(await publishedDevices(staff, bot.userId)).toEqual(device);

    await answerPoll(m2, memberRoom, poll, ['yes']);
    await storedFrom(m2.userId);

    // Joins after the poll opened: not eligible. Both a poll answer and a text vote stay on record, uncounted.
    late = await startPerson(`late-enc-${run}`);
    await staff.client.invite(memberRoom, late.userId);
    await joinEncrypted(late, memberRoom);
    await answerPoll(late, memberRoom, poll, ['yes']);
    expect(await say(world, late, memberRoom, '!moot vote 1 yes', /is on record/)).toBe(
      `Your vote on Proposal 1 (suspend ${domain}) is on record but will not be counted: only members of its rooms when the poll opened may vote on it.`,
    );
    await expect.poll(() => storedVotes(world).votes.filter((v) => v.voter === late!.userId).length, { timeout: 20_000 }).toBe(2);

    const closed = await say(world, staff, staffRoom, '!moot close 1', /^Proposal 1 \(suspend /);
    // Eligible: staff and the three members (not the bot, not the late joiner); every vote counted, none unreadable.
    expect(closed.split('\n')[0]).toBe(
      `Proposal 1 (suspend ${domain}): approved — yes 2 · no 1 · abstain 0 · spoiled 0 · 3 of 4 eligible voted (75%) · quorum 1 met · threshold 2/3 met`,
    );
    const stored = storedVotes(world);
    expect(stored.unreadable).toBe(0);
    expect(stored.votes.map((v) => [v.voter, v.source, v.answer])).toEqual([
      [m0.userId, 'poll', 'yes'],
      [m1.userId, 'text', 'no'],
      [m2.userId, 'poll', 'yes'],
      [late.userId, 'poll', 'yes'],
      [late.userId, 'text', 'yes'],
    ]);
    expect(await world.botProcess.log()).not.toMatch(/Decryption error|unable to decrypt|could not be read/i);
  });
});
