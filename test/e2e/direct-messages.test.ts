// Pledges and other personal commands in a direct-message room with the bot, where nobody else reads along.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { command, createWorld, type World } from './support/world.ts';
import { MatrixUser } from './support/matrix-user.ts';
import { waitForMembership } from './support/membership.ts';

describe('direct messages with the bot', () => {
  let world: World;
  let member: MatrixUser;
  let dm: string;
  beforeAll(async () => {
    world = await createWorld(2);
    member = world.members[0]!;
    await world.botProcess.start();
    dm = await member.createRoom({ preset: 'trusted_private_chat', invite: [world.bot.userId], isDirect: true });
    await waitForMembership(member, dm, world.bot.userId, 'join');
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('takes a pledge from a member there, answers there, and the member room sees none of it', async () => {
    const pledged = await command(member, dm, '!moot pledge 5 EUR monthly --while threads.net');
    expect(pledged.content.body).toMatch(/^Thank you: your pledge #1 is recorded: €5\.00 a month as long as threads\.net stays blocked\./);

    expect(pledged.content.body).toMatch(/ Only you and staff see it; everyone else sees totals\.$/);
    // Asked in the direct message, the list is the answer itself.
    const mine = await command(member, dm, '!moot pledges mine');
    expect(mine.content.body).toMatch(/^Your pledges:/);
    expect(mine.content.body).toContain('#1: €5.00 a month as long as threads.net stays blocked (active)');

    const refused = await command(member, dm, '!moot propose threads.net suspend');
    expect(refused.content.body).toMatch(/^!moot propose is not taken in a direct message: write that in a member room \(.+\)\./);

    const totals = await command(world.members[1]!, world.memberRoom, '!moot pledges');
    expect(totals.content.body).toContain('In total: €5.00/month from 1 pledge.');
    const seen = (await world.members[1]!.messages(world.memberRoom, { limit: 100 })).map((ev) => String(ev.content.body ?? ''));
    expect(seen.filter((body) => /#1|Thank you|Your pledges|threads\.net stays blocked \(active\)/.test(body))).toEqual([]);
    expect(seen.some((body) => body.includes('!moot pledge 5 EUR'))).toBe(false);
  });

  it('still serves the room after a restart, from the m.direct it keeps', async () => {
    const direct = await world.bot.request<Record<string, string[]>>('GET', `/_matrix/client/v3/user/${encodeURIComponent(world.bot.userId)}/account_data/m.direct`);
    expect(direct[member.userId]).toEqual([dm]);
    await world.botProcess.stop();
    await world.botProcess.start();
    const mine = await command(member, dm, '!moot unpledge 1');
    expect(mine.content.body).toBe('Pledge #1 is withdrawn.');
  });

  it('answers what a member wrote right after inviting it, before it was in', async () => {
    const other = world.members[1]!;
    const room = await other.createRoom({ preset: 'trusted_private_chat', invite: [world.bot.userId], isDirect: true });
    const reply = await command(other, room, '!moot pledge 7 USD yearly');
    expect(reply.content.body).toMatch(/^Thank you: your pledge #2 is recorded: \$7\.00 a year\./);
  });

  it('declines a direct-message invite from someone in none of its rooms', async () => {
    const outsider = await MatrixUser.register(inject('synapse'), `outsider-${world.suffix}`);
    const room = await outsider.createRoom({ preset: 'trusted_private_chat', invite: [world.bot.userId], isDirect: true });
    await waitForMembership(outsider, room, world.bot.userId, 'leave');
  });
});
