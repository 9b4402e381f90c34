// Personal commands written in a room: the answer goes to the sender's direct message, the command is redacted where
// the bot may, and the room reads only a pointer that says what happened.
import { describe, expect, it } from 'vitest';
import type { LinkActions, PledgeActions } from '../../../bot/contracts/pledge-ports.ts';
import { fail, ok } from '../../../bot/contracts/ports.ts';
import type { Message } from '../../../bot/contracts/message.ts';
import type { Pledge } from '../../../storage/pledges.ts';
import type { MatrixChat } from '../../../bot/matrix/chat.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { handleRoomEvent, type RoomEvent } from '../../../bot/matrix/intake.ts';
import { intakeDeps } from './intake-deps.ts';
import { MEMBER_ROOM, proposalWorld } from '../proposals/proposal-deps.ts';

const ALICE = '@alice:example.social';
const DM = '!dm-alice:example.social';
const SECRET = '€7.00 a month as long as threads.net stays blocked';
const PLEDGE: Pledge = {
  id: 1, pledger: ALICE, amountMinor: 700, currency: 'EUR', period: 'monthly', condition: { domain: 'threads.net', require: 'blocked' }, status: 'active', createdAt: 0, updatedAt: 0,
};

function world(options: { mayRedact?: boolean; dmFails?: boolean } = {}) {
  const { deps } = proposalWorld();
  const room: string[] = [];
  const redacted: string[] = [];
  const direct: { user: string; text: string }[] = [];
  const chat = {
    replyInThread: async (roomId: string, _command: unknown, msg: Message) => {
      room.push(`${roomId}: ${renderMessage(msg).body}`);
      return '$reply';
    },
    react: async () => '$reaction',
    powerLevel: async () => 0,
    mayRedact: async () => options.mayRedact ?? true,
    redact: async (_roomId: string, eventId: string) => void redacted.push(eventId),
  } as unknown as Partial<MatrixChat>;
  const pledges: PledgeActions = {
    enabled: true,
    pledge: () => ok({ kind: 'recorded', pledge: PLEDGE, threats: [] }),
    mine: () => [PLEDGE],
    unpledge: () => ok({ kind: 'withdrawn', id: 1 }),
    summary: () => ({ totals: [{ currency: 'EUR', monthlyMinor: 700, yearlyMinor: 0, onceMinor: 0, count: 1 }], byCondition: [] }),
    detail: () => [],
  };
  const links: LinkActions = {
    link: async () => ok({ kind: 'code_sent', acct: 'alice@example.social' }),
    verify: async () => fail({ kind: 'wrong_code' }),
    unlink: () => ok({ kind: 'unlinked', acct: 'alice@example.social' }),
  };
  const dm = {
    send: async (user: string, msg: Message) => {
      if (options.dmFails) throw new Error('invite refused');
      direct.push({ user, text: renderMessage(msg).body });
    },
  };
  const intake = intakeDeps(deps, chat, { pledges, links, direct: dm, directRooms: new Map([[DM, ALICE]]) });
  let n = 0;
  const send = async (roomId: string, body: string) => {
    const event: RoomEvent = { type: 'm.room.message', sender: ALICE, event_id: `$cmd${++n}`, origin_server_ts: Date.now(), content: { msgtype: 'm.text', body } };
    await handleRoomEvent(intake, roomId, event);
    return event.event_id;
  };
  return { send, room, redacted, direct };
}

const POINTER = `${MEMBER_ROOM}: I answered you in our direct message, and removed your command from this room so nobody else reads it.`;

describe('a personal command written in a room', () => {
  it.each([
    ['!moot pledge 7 EUR monthly --while threads.net', `Thank you: your pledge #1 is recorded: ${SECRET}. Only you and staff see it; everyone else sees totals.`],
    ['!moot pledges mine', `Your pledges:\n\n• #1: ${SECRET} (active)`],
    ['!moot unpledge 1', 'Pledge #1 is withdrawn.'],
    ['!moot link @alice@example.social', 'I sent a code to @alice@example.social as a direct message on the instance. Write !moot verify <code> here within an hour.'],
    ['!moot verify 123456', 'That code is not right. Check the direct message on the instance and try again.'],
    ['!moot unlink', 'Unlinked from @alice@example.social.'],
  ])('%s: the room reads only a pointer, the command is removed, the answer is in the direct message', async (command, answer) => {
    const w = world();
    const id = await w.send(MEMBER_ROOM, command);
    expect(w.room).toEqual([POINTER]);
    expect(w.redacted).toEqual([id]);
    expect(w.direct).toEqual([{ user: ALICE, text: `${answer}\n\nYou wrote this in a room; I removed your command there, so only you and I read this answer.` }]);
  });

  it('says so, in the room and the direct message, when the bot may not remove the command', async () => {
    const w = world({ mayRedact: false });
    await w.send(MEMBER_ROOM, '!moot pledge 7 EUR monthly --while threads.net');
    expect(w.redacted).toEqual([]);
    expect(w.room).toEqual([
      `${MEMBER_ROOM}: I answered you in our direct message. I cannot remove your command from this room (my power level is below its redact level), so others can read it; next time write it to me in a direct message.`,
    ]);
    expect(w.direct[0]!.text).toMatch(/You wrote this in a room, where your command is still visible: I may not remove messages there\. Next time write it to me here\.$/);
    expect(w.direct[0]!.text).not.toMatch(/only you and I/);
  });

  it('posts nothing private in the room when the direct message cannot be sent', async () => {
    const w = world({ dmFails: true });
    await w.send(MEMBER_ROOM, '!moot pledges mine');
    expect(w.room).toEqual([
      `${MEMBER_ROOM}: I could not send you a direct message, so the answer is not posted here either (I removed your command from this room). Start a direct chat with me and write the command there.`,
    ]);
    expect(w.room.join('')).not.toContain('€');
  });

  it('answers in place in the direct message itself, and keeps totals public in a room', async () => {
    const w = world();
    await w.send(DM, '!moot pledges mine');
    expect(w.room).toEqual([`${DM}: Your pledges:\n\n• #1: ${SECRET} (active)`]);
    expect(w.direct).toEqual([]);
    await w.send(MEMBER_ROOM, '!moot pledges');
    expect(w.room[1]).toBe(`${MEMBER_ROOM}: Pledges (totals only; individual pledges stay private):\n\n• In total: €7.00/month from 1 pledge.`);
    expect(w.redacted).toEqual([]);
  });
});
