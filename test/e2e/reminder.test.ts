// The reminder before the deadline: turnout so far, no names; then the close on time without any staff action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';

describe('reminders and closing on time', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(3, { governance: { remindBefore: '4s', minVotingPeriod: '5s' } });
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('reminds with the turnout so far and closes at the deadline by itself', async () => {
    const [m0, m1] = world.members;
    // Three members and the staff member are eligible; the bot is not.
    await command(m0!, world.memberRoom, '!moot propose remind.example suspend --duration 8s');
    expect(await reactionTo(m1!, world.memberRoom, '!moot vote 1 yes')).toBe('✅');
    const reminder = await m0!.waitForEvent(world.memberRoom, textMatching(/^Reminder: /, world.bot.userId), { timeoutMs: 20_000 });
    expect(reminder.content.body).toMatch(/^Reminder: Proposal 1 \(suspend remind\.example\) closes \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ seconds?\)\. Turnout so far: 1 of 4 eligible \(25%\)\. Vote in the poll or with `!moot vote 1 yes\|no\|abstain`\.$/);
    for (const user of [...world.members, world.staff]) expect(reminder.content.body).not.toContain(user.userId);
    const result = await m0!.waitForEvent(world.memberRoom, textMatching(/^Proposal 1 \(suspend remind\.example\): /, world.bot.userId), { timeoutMs: 30_000 });
    expect(result.content.body).toMatch(/^Proposal 1 \(suspend remind\.example\): approved — yes 1 · no 0 · abstain 0 · spoiled 0 · 1 of 4 eligible voted \(25%\)/);
  });
});
