// A configured room the bot could not join at start is served as soon as someone invites the bot; other invites are declined.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { command, createWorld, pollStartBy, type World } from './support/world.ts';
import type { MatrixUser } from './support/matrix-user.ts';

async function membership(user: MatrixUser, roomId: string, userId: string): Promise<string | undefined> {
  try {
    return (await user.getState<{ membership?: string }>(roomId, 'm.room.member', userId)).membership;
  } catch {
    return undefined;
  }
}

async function waitForMembership(user: MatrixUser, roomId: string, userId: string, wanted: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await membership(user, roomId, userId)) !== wanted) {
    if (Date.now() > until) throw new Error(`${userId} is not ${wanted} in ${roomId} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

describe('rooms the bot serves', () => {
  let world: World;
  let member: MatrixUser;
  let lateRoom: string;
  beforeAll(async () => {
    world = await createWorld(1);
    member = world.members[0]!;
    // Invite-only and the bot not invited: it cannot join at start.
    lateRoom = await world.staff.createRoom({ name: `Annex ${world.suffix}`, invite: [member.userId] });
    await member.join(lateRoom);
    await world.botProcess.setConfig({ matrix: { memberRooms: [world.memberRoom, lateRoom] } });
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('joins a configured room when invited after start and answers there without a restart', async () => {
    expect(await world.botProcess.log()).toContain('could not join a configured room');
    await member.sendText(lateRoom, '!moot status'); // before the bot is there: not for it
    await world.staff.invite(lateRoom, world.bot.userId);
    await waitForMembership(world.staff, lateRoom, world.bot.userId, 'join');
    const reply = await command(member, lateRoom, '!moot status');
    expect(reply.content.body).toBe('No proposal is open. `!moot propose <domain> <suspend|limit|lift>` starts one.');
    // A proposal made now has a poll in the new room too.
    const proposed = await command(member, lateRoom, '!moot propose annex.example suspend');
    expect(proposed.content.body).toMatch(/^Proposal 1 \(suspend annex\.example\) is open for voting/);
    await pollStartBy(member, lateRoom, world.bot);
    // The status sent before the bot joined got no answer: one reply with that text, to the second one.
    const replies = (await member.messages(lateRoom, { limit: 50 })).filter((ev) => ev.sender === world.bot.userId && ev.type === 'm.room.message');
    expect(replies.filter((ev) => ev.content.body === reply.content.body)).toHaveLength(1);
  });

  it('declines an invite to a room that is not in its config', async () => {
    const stray = await world.staff.createRoom({ name: `Stray ${world.suffix}`, invite: [world.bot.userId] });
    await waitForMembership(world.staff, stray, world.bot.userId, 'leave');
  });
});
