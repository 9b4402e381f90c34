// Staff ending the poll in their client (Element's "End poll") closes the vote, as `!moot close` would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { ofType, POLL_END, type MatrixUser } from './support/matrix-user.ts';
import { command, createWorld, pollStartBy, textMatching, type World } from './support/world.ts';

describe('a poll ended by staff', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(2);
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('closes the vote at that moment: the result is posted everywhere and later answers do not count', async () => {
    const { bot, staff, members, memberRoom, staffRoom } = world;
    const [m0, m1] = members as [MatrixUser, MatrixUser];
    await command(m0, memberRoom, '!moot propose ended.example suspend');
    const poll = await pollStartBy(m0, memberRoom, bot);
    const staffPoll = await pollStartBy(staff, staffRoom, bot);
    await m0.sendPollResponse(memberRoom, poll.event_id, ['yes']);
    await sleep(15);

    // The staff member (the rooms' creator) ends the poll in the member room, then a member still answers it.
    const staffEnd = await staff.sendPollEnd(memberRoom, poll.event_id, 'The poll has ended.');
    await sleep(15);
    await m1.sendPollResponse(memberRoom, poll.event_id, ['no']);

    const line = 'Proposal 1 (suspend ended.example): approved — yes 1 · no 0 · abstain 0 · spoiled 0 · 1 of 3 eligible voted (33%) · quorum 1 met · threshold 2/3 met';
    const result = /^Proposal 1 \(suspend ended\.example\): /;
    const announced = await m1.waitForEvent(memberRoom, textMatching(result, bot.userId));
    expect(String(announced.content.body).split('\n')[0]).toBe(line);
    const inStaffRoom = await staff.waitForEvent(staffRoom, textMatching(result, bot.userId));
    expect(String(inStaffRoom.content.body).split('\n')[0]).toBe(line);

    // The bot ends its poll in the staff room; in the member room the staff's end stands alone.
    const botEnd = await staff.waitForEvent(staffRoom, ofType(POLL_END, bot.userId));
    expect((botEnd.content['m.relates_to'] as { event_id: string }).event_id).toBe(staffPoll.event_id);
    const memberEnds = await m0.relations(memberRoom, poll.event_id, 'm.reference', { eventType: POLL_END });
    expect(memberEnds.map((e) => e.event_id)).toEqual([staffEnd]);

    const late = await command(m1, memberRoom, '!moot vote 1 no');
    expect(late.content.body).toMatch(/^Proposal 1 \(suspend ended\.example\) is not open for voting \(it is approved/);
  });
});
