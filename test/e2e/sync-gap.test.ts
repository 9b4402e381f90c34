// More messages than one sync hands over pile up while the bot is down: the text votes among them still count, and
// the other commands there are not answered that late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, createWorld, pollStartBy, replyTo, type World } from './support/world.ts';
import type { MatrixUser } from './support/matrix-user.ts';

describe('a gap in the sync after downtime', () => {
  let world: World;
  let m: MatrixUser[];
  beforeAll(async () => {
    world = await createWorld(3);
    m = world.members;
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('counts a text vote sent 150 messages before the bot came back', async () => {
    expect((await command(m[0]!, world.memberRoom, '!moot propose gap.example suspend')).content.body).toMatch(/^Proposal 1 .* is open for voting/);
    await pollStartBy(m[0]!, world.memberRoom, world.bot);
    await world.botProcess.stop();
    const earlyVote = await m[1]!.sendText(world.memberRoom, '!moot vote 1 yes');
    const staleStatus = await m[0]!.sendText(world.memberRoom, '!moot status');
    for (let i = 0; i < 150; i++) await m[0]!.sendText(world.memberRoom, `chatter ${i}`);
    await m[2]!.sendText(world.memberRoom, '!moot vote 1 no');
    await world.botProcess.start();

    const closed = await command(world.staff, world.staffRoom, '!moot close 1');
    expect(closed.content.body).toMatch(/^Proposal 1 \(suspend gap\.example\): rejected — yes 1 · no 1 · abstain 0 · spoiled 0 · 2 of 4 eligible voted/);
    const reaction = await m[1]!.waitForEvent(world.memberRoom, (ev) =>
      ev.type === 'm.reaction' && (ev.content['m.relates_to'] as { event_id?: string }).event_id === earlyVote);
    expect((reaction.content['m.relates_to'] as { key: string }).key).toBe('✅');
    const recent = await m[0]!.messages(world.memberRoom, { limit: 100 });
    expect(recent.filter(replyTo(staleStatus))).toEqual([]);
  });
});
