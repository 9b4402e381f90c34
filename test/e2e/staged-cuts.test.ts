// Staged cuts and review dates on a real Synapse, with the Mastodon contract fake as the instance (GoToSocial can only
// suspend, so it cannot hold the limit of a first stage; REFERENCE.md): stage one applied, the reminder, stage two on
// its date; a pending stage superseded by a later vote; a review reminder that fires once. Durations are seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMastodonFake, type MastodonFake } from '../fakes/mastodon/index.ts';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';

let fake: MastodonFake;
let world: World;
beforeAll(async () => {
  fake = await startMastodonFake({ rateLimit: false });
  world = await createWorld(1, {
    mastodon: { url: fake.url, accessToken: fake.tokens.admin, requestTimeout: '20s' },
    governance: { autoApply: true, minStageAfter: '1s', minReviewAfter: '1s', stageReminderBefore: '5s' },
  });
  await world.botProcess.start();
});
afterAll(async () => {
  await world?.botProcess.stop();
  await fake?.stop();
});

async function approve(proposal: string, n: number): Promise<void> {
  const opened = await command(world.members[0]!, world.memberRoom, `!moot propose ${proposal}`);
  expect(opened.content.body).toMatch(new RegExp(`^Proposal ${n} .* is open for voting`));
  expect(await reactionTo(world.members[0]!, world.memberRoom, `!moot vote ${n} yes`)).toBe('✅');
  expect((await command(world.staff, world.staffRoom, `!moot close ${n}`)).content.body).toMatch(/: approved — /);
}

const fromBot = (pattern: RegExp, timeoutMs = 30_000) => world.members[0]!.waitForEvent(world.memberRoom, textMatching(pattern, world.bot.userId), { timeoutMs });

describe('staged cuts and review dates (Synapse + Mastodon contract fake)', () => {
  it('applies stage one, reminds, then applies stage two on its date', async () => {
    await approve('x.example limit --then suspend --after 12s', 1);
    await fromBot(/^Proposal 1 \(limit x\.example\) is now in force/);
    expect(fake.state.findBlock('x.example')).toMatchObject({ severity: 'silence' });
    const reminder = await fromBot(/^Reminder: Proposal 1 \(limit x\.example, then suspend\)/);
    expect(reminder.content.body).toMatch(/^Reminder: Proposal 1 \(limit x\.example, then suspend\) goes to its second stage \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ seconds?\): x\.example will be suspended\./);
    expect(fake.state.findBlock('x.example')).toMatchObject({ severity: 'silence' });
    const applied = await fromBot(/^Proposal 1 \(limit x\.example, then suspend\): the second stage/);
    expect(applied.content.body).toBe('Proposal 1 (limit x.example, then suspend): the second stage is in force on the instance: I changed the block of x.example (severity).');
    expect(fake.state.findBlock('x.example')).toMatchObject({ severity: 'suspend' });
    const status = await command(world.members[0]!, world.memberRoom, '!moot status 1');
    expect(status.content.body).toMatch(/Second stage: suspend, applied on \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('cancels a pending second stage when a later vote on the domain is approved, with a note', async () => {
    await approve('y.example limit --then suspend --after 10m', 2);
    await fromBot(/^Proposal 2 \(limit y\.example\) is now in force/);
    await approve('y.example lift', 3);
    const note = await fromBot(/^Proposal 2 \(limit y\.example, then suspend\): its second stage/);
    expect(note.content.body).toBe('Proposal 2 (limit y.example, then suspend): its second stage (suspend) will not be applied: proposal 3 (lift y.example), approved later, supersedes it.');
    const status = await command(world.members[0]!, world.memberRoom, '!moot status 2');
    expect(status.content.body).toContain('Second stage: suspend, superseded by proposal 3');
  });

  it('says once when a decision is due for review, with the command to reconsider it', async () => {
    await approve('r.example suspend --review 6s', 4);
    const status = await command(world.members[0]!, world.memberRoom, '!moot status 4');
    expect(status.content.body).toMatch(/Review due \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const due = await fromBot(/^Review due: proposal 4/);
    expect(due.content.body).toMatch(
      /^Review due: proposal 4 \(suspend r\.example\) was decided on \d{4}-\d\d-\d\d \d\d:\d\d UTC by 1 yes, 0 no and 0 abstain of \d+ eligible\.\n\nTo reconsider it, propose again, e\.g\. !moot propose r\.example lift\. Nothing changes unless a new vote decides\.$/,
    );
    // A restart must not send it again: it was marked sent before the message went out.
    await world.botProcess.stop();
    await world.botProcess.start();
    await sleep(3000);
    const again = await command(world.members[0]!, world.memberRoom, '!moot status 4');
    expect(again.content.body).toContain('Review due');
    const timeline = await world.members[0]!.messages(world.memberRoom, { limit: 100 });
    expect(timeline.filter((e) => String((e.content as { body?: unknown } | undefined)?.body ?? '').startsWith('Review due: proposal 4'))).toHaveLength(1);
  });
});
