// One message per event, in every room of a proposal (real Synapse): what each room reads when a proposal opens, a
// text vote is counted, staff close a vote, staff cancel (with a reason, also a proposal still waiting for seconds)
// and a proposer withdraws. The announcement in the room of the command is the answer to it, never a second message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { command, createWorld, reactionTo, replyTo, textMatching, type World } from './support/world.ts';
import type { MatrixUser } from './support/matrix-user.ts';

/** The bot's text messages in a room, oldest first (thread replies to text votes left out: they are in threads). */
async function botMessages(world: World, user: MatrixUser, roomId: string): Promise<string[]> {
  const events = await user.messages(roomId, { limit: 200 });
  return events
    .filter((e) => e.sender === world.bot.userId && e.type === 'm.room.message')
    .filter((e) => (e.content['m.relates_to'] as { rel_type?: string } | undefined)?.rel_type !== 'm.thread')
    .map((e) => String(e.content.body).split('\n')[0]!)
    .reverse();
}

/** What the bot says in a room from `before` (a count of its earlier messages) on, once it has had time to say it. */
async function newMessages(world: World, user: MatrixUser, roomId: string, before: number, expected: number): Promise<string[]> {
  for (let i = 0; i < 50 && (await botMessages(world, user, roomId)).length < before + expected; i++) await sleep(200);
  await sleep(500); // anything said twice would arrive now
  return (await botMessages(world, user, roomId)).slice(before);
}

describe('one message per event, in every room', () => {
  let world: World;
  let m0: MatrixUser;
  let m1: MatrixUser;
  const counts = async () => [
    (await botMessages(world, m0, world.memberRoom)).length,
    (await botMessages(world, world.staff, world.staffRoom)).length,
  ] as const;

  beforeAll(async () => {
    world = await createWorld(2);
    [m0, m1] = world.members as [MatrixUser, MatrixUser];
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('a proposal opening: the notice in each room, the one in the proposer\'s room answering the command', async () => {
    const [member, staff] = await counts();
    const opened = await command(m0, world.memberRoom, '!moot propose one.example suspend');
    expect(String(opened.content.body)).toMatch(/^Proposal 1 \(suspend one\.example\) is open for voting — proposed by /);
    expect(await newMessages(world, m0, world.memberRoom, member, 1)).toEqual([expect.stringMatching(/^Proposal 1 \(suspend one\.example\) is open for voting/)]);
    expect(await newMessages(world, world.staff, world.staffRoom, staff, 1)).toEqual([expect.stringMatching(/^Proposal 1 \(suspend one\.example\) is open for voting/)]);
  });

  it('a text vote: a ✅ and, in its thread, what was counted', async () => {
    const eventId = await m1.sendText(world.memberRoom, '!moot vote 1 no');
    const counted = await m1.waitForEvent(world.memberRoom, replyTo(eventId));
    expect(counted.content.body).toBe('Counted: no on Proposal 1 (suspend one.example). Your latest answer counts.');
    expect(await reactionTo(m0, world.memberRoom, '!moot vote 1 yes')).toBe('✅');
  });

  it('a staff close: the result once in each room, in the staff room as the answer to the close', async () => {
    const [member, staff] = await counts();
    const closed = await command(world.staff, world.staffRoom, '!moot close 1');
    const line = 'Proposal 1 (suspend one.example): rejected — yes 1 · no 1 · abstain 0 · spoiled 0 · 2 of 3 eligible voted (67%) · quorum 1 met · threshold 2/3 not met';
    expect(closed.content.body).toBe(`${line}\n\nNothing changes.`);
    expect(await newMessages(world, world.staff, world.staffRoom, staff, 1)).toEqual([line]);
    expect(await newMessages(world, m0, world.memberRoom, member, 1)).toEqual([line]);
  });

  it('a cancel with its reason: announced once in every room, in the staff room as the answer', async () => {
    await command(m0, world.memberRoom, '!moot propose two.example limit');
    await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 2 .* is open for voting/, world.bot.userId));
    const [member, staff] = await counts();
    const cancelled = await command(world.staff, world.staffRoom, '!moot cancel 2 duplicate of an earlier thread');
    const said = 'Proposal 2 (limit two.example) was cancelled by staff: duplicate of an earlier thread. The poll is closed without a count.';
    expect(cancelled.content.body).toBe(said);
    expect(await newMessages(world, world.staff, world.staffRoom, staff, 1)).toEqual([said]);
    expect(await newMessages(world, m0, world.memberRoom, member, 1)).toEqual([said]);
    expect((await command(m1, world.memberRoom, '!moot vote 2 yes')).content.body).toMatch(/is not open for voting \(it is cancelled\)/);
  });

  it('a withdrawal: announced once in every room, in the proposer\'s room as the answer', async () => {
    await command(m0, world.memberRoom, '!moot propose three.example suspend');
    await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 3 .* is open for voting/, world.bot.userId));
    const [member, staff] = await counts();
    const withdrawn = await command(m0, world.memberRoom, '!moot withdraw 3');
    const said = `Proposal 3 (suspend three.example) was withdrawn by its proposer, ${m0.userId}. The poll is closed without a count.`;
    expect(withdrawn.content.body).toBe(said);
    expect(await newMessages(world, m0, world.memberRoom, member, 1)).toEqual([said]);
    expect(await newMessages(world, world.staff, world.staffRoom, staff, 1)).toEqual([said]);
  });

  it('a cancel of a proposal still waiting for seconds reaches the town hall too, with its reason', async () => {
    await world.botProcess.stop();
    await world.botProcess.setConfig({ governance: { seconds: 1 } });
    await world.botProcess.start();
    const recorded = await command(m0, world.memberRoom, '!moot propose four.example suspend');
    expect(recorded.content.body).toBe('Proposal 4 (suspend four.example) is recorded. It needs 1 second before the vote opens: `!moot second 4`.');
    const [member, staff] = await counts();
    await command(world.staff, world.staffRoom, '!moot cancel 4 out of scope');
    const said = 'Proposal 4 (suspend four.example) was cancelled by staff: out of scope. It never came to a vote.';
    expect(await newMessages(world, m0, world.memberRoom, member, 1)).toEqual([said]);
    expect(await newMessages(world, world.staff, world.staffRoom, staff, 1)).toEqual([said]);
    const late = await m1.waitForEvent(world.memberRoom, textMatching(/never came to a vote/, world.bot.userId));
    expect(late.content.body).toBe(said);
  });
});
