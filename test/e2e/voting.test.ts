// One proposal from start to result on a real Synapse, exercising every counting rule users can trigger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { MatrixUser, ofType, POLL_END } from './support/matrix-user.ts';
import { command, createWorld, pollStartBy, reactionTo, replyTo, textMatching, type World } from './support/world.ts';

const POLL = 'org.matrix.msc3381.poll.start';

describe('a vote from proposal to result', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(6);
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('opens polls in every room, counts by the rules, ignores what must be ignored, and announces the result', async () => {
    const { bot, staff, members, memberRoom, staffRoom } = world;
    const [m0, m1, m2, m3, m4, m5] = members as [MatrixUser, MatrixUser, MatrixUser, MatrixUser, MatrixUser, MatrixUser];

    const proposed = await command(m0, memberRoom, '!moot propose Threads.NET. suspend --reason "<b>spam</b> & harassment"');
    // One message for the event: the poll's notice is the answer to the command.
    expect(proposed.content.body).toMatch(/^Proposal 1 \(suspend threads\.net\) is open for voting — proposed by @m0-/);
    expect(proposed.content.body).toMatch(/Voting closes \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 1 hour\)\./);
    expect((await m0.messages(memberRoom, { limit: 20 })).filter((e) => e.sender === bot.userId && e.type === 'm.room.message')).toHaveLength(1);

    const poll = await pollStartBy(m0, memberRoom, bot);
    const start = poll.content[POLL] as { kind: string; max_selections: number; answers: { id: string; 'org.matrix.msc1767.text': string }[] };
    expect(start.kind).toBe('org.matrix.msc3381.poll.undisclosed');
    expect(start.max_selections).toBe(1);
    expect(start.answers.map((a) => [a.id, a['org.matrix.msc1767.text']])).toEqual([
      ['yes', 'Yes — suspend threads.net'],
      ['no', 'No — do not suspend threads.net'],
      ['abstain', 'Abstain'],
    ]);
    const notice = proposed;
    expect(notice.content.body).toContain('Quorum: at least 1 vote and 0% of the 7 eligible voters.');
    expect(notice.content.body).toContain('Approved when yes is at least 2/3 of yes + no, and more than no.');
    expect(notice.content.body).toContain('Reason: <b>spam</b> & harassment');
    expect(notice.content.formatted_body).toContain('Reason: &lt;b&gt;spam&lt;/b&gt; &amp; harassment');
    const staffPoll = await pollStartBy(staff, staffRoom, bot);
    expect(staffPoll.event_id).not.toBe(poll.event_id);

    // A member who joins after the poll opened may not vote on it.
    const late = await MatrixUser.register(inject('synapse'), `late-${world.suffix}`);
    await late.join(memberRoom);

    const vote = (user: MatrixUser, answers: string[], room = memberRoom, start = poll.event_id) =>
      user.sendPollResponse(room, start, answers).then(() => sleep(15));

    await vote(m0, ['yes']);
    await vote(m1, ['yes']);
    await vote(m1, ['no']); // changed vote: the latest counts
    await vote(m2, ['yes']);
    await vote(m2, []); // un-vote
    await vote(m3, ['yes']);
    await vote(m3, ['bogus']); // spoiled, although an earlier answer was valid
    expect(await reactionTo(m4, memberRoom, '!moot vote 1 yes')).toBe('✅');
    await sleep(15);
    await vote(m4, ['no']); // a poll answer after a text vote wins
    await vote(m5, ['no']);
    // A member ends the poll: only staff or the deadline end the vote, so voting goes on, and the bot says so.
    const memberEnd = await m5.sendPollEnd(memberRoom, poll.event_id, 'I declare this over');
    const goesOn = await m5.waitForEvent(memberRoom, replyTo(memberEnd));
    expect(goesOn.content.body).toMatch(
      /^Only a close by staff or the deadline ends the vote on Proposal 1 \(suspend threads\.net\): it goes on until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in [^)]+\)\. Your client may show the poll as ended, but answers to it are still counted, and `!moot vote 1 yes\|no\|abstain` works too\.$/,
    );
    expect(await reactionTo(m5, memberRoom, '!moot vote 1 abstain')).toBe('✅'); // text after poll answer wins
    // A look-alike poll by a member is not ours: answers to it change nothing.
    const fake = await m3.sendPollStart(memberRoom, 'Proposal 1: suspend threads.net?', [
      { id: 'yes', text: 'Yes' },
      { id: 'no', text: 'No' },
      { id: 'abstain', text: 'Abstain' },
    ]);
    await vote(m0, ['no'], memberRoom, fake);
    await vote(late, ['yes']);
    const lateReply = await command(late, memberRoom, '!moot vote 1 yes');
    expect(lateReply.content.body).toBe(
      'Your vote on Proposal 1 (suspend threads.net) is on record but will not be counted: only members of its rooms when the poll opened may vote on it.',
    );

    const closed = await command(staff, staffRoom, '!moot close 1');
    const line = 'Proposal 1 (suspend threads.net): rejected — yes 1 · no 2 · abstain 1 · spoiled 1 · 5 of 7 eligible voted (71%) · quorum 1 met · threshold 2/3 not met';
    // The result announced in the staff room is the answer to the close: one message there, not two.
    expect(closed.content.body).toBe(`${line}\n\nNothing changes.`);
    const announced = await m0.waitForEvent(memberRoom, textMatching(/^Proposal 1 \(suspend threads\.net\): rejected/, bot.userId));
    expect(announced.content.body).toBe(`${line}\n\nNothing changes.`);
    const end = await m0.waitForEvent(memberRoom, ofType(POLL_END, bot.userId));
    expect((end.content['m.relates_to'] as { event_id: string }).event_id).toBe(poll.event_id);

    // A text vote after the count is refused. (A poll response after the close is left out of the count: restart.test.ts
    // sends one while the bot is down, so the count reads it back from the homeserver and must skip it.)
    const afterCount = await command(m1, memberRoom, '!moot vote 1 yes');
    expect(afterCount.content.body).toBe('Proposal 1 (suspend threads.net) is not open for voting (it is rejected).');
    const status = await command(m0, memberRoom, '!moot status 1');
    expect(status.content.body).toContain(line);
    const log = await command(m0, memberRoom, '!moot log');
    expect(log.content.body).toContain(line);
  });
});
