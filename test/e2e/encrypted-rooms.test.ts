// Encrypted rooms while the bot has no working crypto: no poll where it cannot read the answers, a room that turns
// encrypted under an open poll is warned, an encrypted answer (from matrix-js-sdk with Rust crypto, as Element sends
// it) is counted as unreadable, and since it could change the outcome the result is incomplete: no decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { ofType, POLL_START, type MatrixEvent, type MatrixUser } from './support/matrix-user.ts';
import { command, createWorld, pollStartBy, textMatching, type World } from './support/world.ts';
import { CryptoMember } from './support/crypto-member.ts';

const MEGOLM = { algorithm: 'm.megolm.v1.aes-sha2' };
const FIX = 'use a room without encryption, or turn on matrix.encryption in the config';
const firstParagraph = (ev: MatrixEvent) => String(ev.content.body).split('\n')[0];

describe('encrypted rooms with encryption off in the bot (matrix.encryption: false)', () => {
  let world: World;
  let encryptedRoom: string;
  let voter: CryptoMember | undefined;

  beforeAll(async () => {
    world = await createWorld(2);
    encryptedRoom = await world.staff.createRoom({
      name: `Encrypted hall ${world.suffix}`,
      preset: 'public_chat',
      invite: [world.bot.userId],
      initialState: [{ type: 'm.room.encryption', state_key: '', content: MEGOLM }],
    });
    for (const member of world.members) await member.join(encryptedRoom);
    await world.botProcess.setConfig({ matrix: { memberRooms: [world.memberRoom, encryptedRoom], encryption: false } });
    await world.botProcess.start();
  });
  afterAll(async () => {
    voter?.stop();
    await world?.botProcess.stop();
  });

  it('opens the poll only where answers can be read, says why elsewhere, and reports encrypted answers as unreadable', async () => {
    const { bot, staff, members, memberRoom, staffRoom, suffix } = world;
    const [m0, m1] = members as [MatrixUser, MatrixUser];
    const domain = `enc-${suffix}.example`;
    const title = `Proposal 1 (suspend ${domain})`;

    await command(m0, memberRoom, `!moot propose ${domain} suspend`);
    const poll = await pollStartBy(m0, memberRoom, bot);
    await pollStartBy(staff, staffRoom, bot);

    // The encrypted room gets a plain notice and no poll.
    const noPoll = await m0.waitForEvent(encryptedRoom, textMatching(/opened no poll here/, bot.userId));
    expect(noPoll.type).toBe('m.room.message');
    expect(noPoll.content.msgtype).toBe('m.notice');
    expect(String(noPoll.content.body)).toBe(
      `${title} is open for voting, but not in this room: this room is encrypted and I cannot read encrypted answers, so I opened no poll here.\n\n` +
        "Members of this room may still vote (they count among the eligible): in one of the proposal's unencrypted rooms, in the poll or with " +
        `\`!moot vote 1 yes|no|abstain\`, until ${String(noPoll.content.body).match(/until (.*)\. To vote here/)?.[1]}. To vote here next time, ${FIX}.`,
    );
    const toStaff = await staff.waitForEvent(staffRoom, textMatching(/opened without a poll/, bot.userId));
    expect(String(toStaff.content.body)).toBe(
      `${title} opened without a poll in an encrypted room (${encryptedRoom}): I cannot read encrypted answers there. ` +
        `Their members are eligible and can vote in the other rooms. To fix it, ${FIX}.`,
    );
    const encryptedTimeline = await m0.messages(encryptedRoom, { limit: 50 });
    expect(encryptedTimeline.filter(ofType(POLL_START, bot.userId))).toEqual([]);

    // A readable vote, then the member room turns encrypted (the "room turns encrypted later" case).
    await m0.sendPollResponse(memberRoom, poll.event_id, ['yes']);
    await sleep(20);
    await staff.sendState(memberRoom, 'm.room.encryption', '', MEGOLM);
    const warning = await m0.waitForEvent(memberRoom, textMatching(/^This room is now encrypted/, bot.userId));
    expect(String(warning.content.body)).toBe(
      `This room is now encrypted, and I cannot read encrypted messages. Answers to the open poll here (${title}) sent from now on ` +
        'cannot be read: the result will count them as unreadable. Vote in an unencrypted room of the proposal instead, in the poll ' +
        `or with \`!moot vote <n> yes|no|abstain\` there. To fix it, ${FIX}.`,
    );
    const staffWarning = await staff.waitForEvent(staffRoom, textMatching(/turned encrypted while/, bot.userId));
    expect(String(staffWarning.content.body)).toBe(
      `Room ${memberRoom} turned encrypted while ${title} is open there: answers sent there from now on cannot be read, and ` +
        `the result will count them as unreadable. To fix it, ${FIX}.`,
    );

    // Element's way: matrix-js-sdk with Rust crypto encrypts the answer; only its relation stays readable.
    voter = await CryptoMember.start(m1);
    await voter.waitUntilEncrypted(memberRoom);
    const encryptedVote = await voter.sendPollResponse(memberRoom, poll.event_id, ['no']);
    expect((await m0.getEvent(memberRoom, encryptedVote)).type).toBe('m.room.encrypted');

    // An encrypted command cannot be read: the room is told once, not for every message.
    await voter.sendText(memberRoom, '!moot status');
    const cannotRead = await m0.waitForEvent(memberRoom, textMatching(/^I cannot read encrypted messages/, bot.userId));
    expect(String(cannotRead.content.body)).toBe(
      'I cannot read encrypted messages: end-to-end encryption is off in my config, so commands and votes sent in this room ' +
        `do not reach me. To use me here, ${FIX}. (I say this at most once a week in a room.)`,
    );
    await voter.sendText(memberRoom, '!moot help');

    // In the staff room the result is the answer to the close.
    const inStaffRoom = await command(staff, staffRoom, '!moot close 1');
    const line =
      `${title}: incomplete — yes 1 · no 0 · abstain 0 · spoiled 0 · unreadable 1 · 2 of 3 eligible voted (67%) · ` +
      'quorum 1 met · threshold 2/3 met';
    const inMemberRoom = await m0.waitForEvent(memberRoom, textMatching(/: incomplete — /, bot.userId));
    for (const result of [inMemberRoom, inStaffRoom]) {
      expect(firstParagraph(result)).toBe(line);
      expect(String(result.content.body)).toBe(
        `${line}\n\n` +
          'The result is incomplete: 1 encrypted response could not be read, and depending on how they were cast the proposal ' +
          'could have been approved or rejected. So there is no decision and nothing is applied.\n\n' +
          `Staff: run the vote again where I can read it (propose it again once its rooms are readable). To fix it, ${FIX}.\n\n` +
          'Nothing changes.',
      );
    }
    const notices = (await m0.messages(memberRoom, { limit: 100 })).filter(textMatching(/^I cannot read encrypted messages/, bot.userId));
    expect(notices).toHaveLength(1);

    const db = new Database(join(world.botProcess.dir, 'fedimoot.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT state, outcome, tally_yes, tally_no, tally_abstain, tally_spoiled, tally_eligible, tally_cast, tally_unreadable, result_line FROM proposals WHERE id = 1').get();
      expect(row).toEqual({
        state: 'closed',
        outcome: null,
        tally_yes: 1,
        tally_no: 0,
        tally_abstain: 0,
        tally_spoiled: 0,
        tally_eligible: 3,
        tally_cast: 1,
        tally_unreadable: 1,
        result_line: line,
      });
      const unreadable = db.prepare('SELECT voter, event_id, room_id FROM unreadable_responses WHERE proposal_id = 1').all();
      expect(unreadable).toEqual([{ voter: m1.userId, event_id: encryptedVote, room_id: memberRoom }]);
    } finally {
      db.close();
    }
  });
});
