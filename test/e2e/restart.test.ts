// Nothing is lost when the bot or the homeserver goes away: votes cast meanwhile count, deadlines missed are closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { command, createWorld, pollStartBy, textMatching, type World } from './support/world.ts';
import { restartSharedSynapse } from './support/synapse-control.ts';
import type { MatrixUser } from './support/matrix-user.ts';

describe('the bot stopped and started again', () => {
  let world: World;
  let m: MatrixUser[];
  beforeAll(async () => {
    world = await createWorld(5);
    m = world.members;
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('counts every vote cast while it was down, including text votes', async () => {
    await command(m[0]!, world.memberRoom, '!moot propose down.example suspend');
    const poll = await pollStartBy(m[0]!, world.memberRoom, world.bot);
    await m[0]!.sendPollResponse(world.memberRoom, poll.event_id, ['yes']);
    await sleep(500);
    await world.botProcess.kill();
    await m[1]!.sendPollResponse(world.memberRoom, poll.event_id, ['yes']);
    await m[2]!.sendPollResponse(world.memberRoom, poll.event_id, ['no']);
    const textVote = await m[3]!.sendText(world.memberRoom, '!moot vote 1 yes');
    await world.botProcess.start();
    const reaction = await m[3]!.waitForEvent(world.memberRoom, (ev) =>
      ev.type === 'm.reaction' && (ev.content['m.relates_to'] as { event_id?: string }).event_id === textVote);
    expect((reaction.content['m.relates_to'] as { key: string }).key).toBe('✅');
    // The running turnout comes from current votes rebuilt at start from the stored responses (storage/votes.ts): the
    // answer from before the kill counts in it with the three sent while the bot was down.
    const detail = await command(m[4]!, world.memberRoom, '!moot status 1');
    expect(detail.content.body).toContain('Turnout so far: 4 of 6 eligible');

    // The homeserver restarts under the running bot: it keeps syncing and answering.
    await restartSharedSynapse();
    const status = await command(m[4]!, world.memberRoom, '!moot status', 90_000);
    expect(status.content.body).toContain('Proposal 1 (suspend down.example)');

    const closed = await command(world.staff, world.staffRoom, '!moot close 1');
    expect(String(closed.content.body).split('\n')[0]).toBe(
      'Proposal 1 (suspend down.example): approved — yes 3 · no 1 · abstain 0 · spoiled 0 · 4 of 6 eligible voted (67%) · quorum 1 met · threshold 2/3 met',
    );
  });

  it('closes at start a vote whose deadline passed while it was down, counting only votes before the deadline', async () => {
    const proposed = await command(m[0]!, world.memberRoom, '!moot propose late.example limit --duration 8s');
    expect(proposed.content.body).toMatch(/^Proposal 2 \(limit late\.example\) is open for voting/);
    const poll = await pollStartBy(m[0]!, world.memberRoom, world.bot);
    await world.botProcess.kill();
    await m[0]!.sendPollResponse(world.memberRoom, poll.event_id, ['no']);
    await m[1]!.sendPollResponse(world.memberRoom, poll.event_id, ['yes']);
    await m[2]!.sendPollResponse(world.memberRoom, poll.event_id, ['yes']);
    // A text vote is a command, not a poll relation: only the sync after the restart can deliver it.
    const textVote = await m[4]!.sendText(world.memberRoom, '!moot vote 2 yes');
    await sleep(9000);
    await m[3]!.sendPollResponse(world.memberRoom, poll.event_id, ['no']); // after the deadline: ignored
    await world.botProcess.start();
    const result = await m[0]!.waitForEvent(world.memberRoom, textMatching(/^Proposal 2 \(limit late\.example\): /, world.bot.userId), { timeoutMs: 60_000 });
    expect(result.content.body).toBe(
      'Proposal 2 (limit late.example): approved — yes 3 · no 1 · abstain 0 · spoiled 0 · 4 of 6 eligible voted (67%) · quorum 1 met · threshold 1/2 met\n\n' +
        'No instance is configured; staff apply it by hand.',
    );
    const reaction = await m[4]!.waitForEvent(world.memberRoom, (ev) =>
      ev.type === 'm.reaction' && (ev.content['m.relates_to'] as { event_id?: string }).event_id === textVote);
    expect((reaction.content['m.relates_to'] as { key: string }).key).toBe('✅');
  });
});
