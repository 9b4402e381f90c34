import { describe, expect, it } from 'vitest';
import type { ProposalActions } from '../../../bot/contracts/ports.ts';
import type { PledgeActions } from '../../../bot/contracts/pledge-ports.ts';
import { ok } from '../../../bot/contracts/ports.ts';
import type { Message } from '../../../bot/contracts/message.ts';
import type { MatrixChat } from '../../../bot/matrix/chat.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { handleRoomEvent, type RoomEvent } from '../../../bot/matrix/intake.ts';
import { intakeDeps } from './intake-deps.ts';
import { MEMBER_ROOM, proposalWorld } from '../proposals/proposal-deps.ts';

const DM = '!dm-alice:example.social';
const ALICE = '@alice:example.social';

function intake() {
  const { deps } = proposalWorld();
  const answers: { roomId: string; to: string; text: string }[] = [];
  const votes: string[] = [];
  const pledges: string[] = [];
  const chat = {
    replyInThread: async (roomId: string, command: { eventId: string }, msg: Message) => {
      answers.push({ roomId, to: command.eventId, text: renderMessage(msg).body });
      return '$reply';
    },
    react: async (roomId: string, eventId: string, key: string) => {
      answers.push({ roomId, to: eventId, text: key });
      return '$reaction';
    },
    powerLevel: async () => 0,
  } as unknown as Partial<MatrixChat>;
  const proposals = {
    vote: async (_n: number, v: { voter: string; eventId: string }) => {
      votes.push(v.eventId);
      return ok({ eligible: true, proposal: { id: 1, action: 'suspend', domain: 'threads.net' } });
    },
  } as unknown as ProposalActions;
  const pledgeActions = {
    enabled: true,
    pledge: (input: { pledger: string }) => {
      pledges.push(input.pledger);
      return ok({ kind: 'recorded', pledge: { id: 1, amountMinor: 500, currency: 'EUR', period: 'monthly', status: 'active' }, threats: [] });
    },
  } as unknown as PledgeActions;
  const deps_ = intakeDeps(deps, chat, { directRooms: new Map([[DM, ALICE]]), proposals, pledges: pledgeActions });
  let n = 0;
  const send = async (roomId: string, sender: string, body: string, late = false) => {
    const event: RoomEvent = { type: 'm.room.message', sender, event_id: `$cmd${++n}`, origin_server_ts: Date.now(), content: { msgtype: 'm.text', body } };
    await handleRoomEvent(deps_, roomId, event, { late });
    return event.event_id;
  };
  return { send, answers, votes, pledges };
}

describe('a direct-message room with the bot', () => {
  it('takes a pledge there and answers in the same room', async () => {
    const { send, answers, pledges } = intake();
    const id = await send(DM, ALICE, '!moot pledge 5 EUR monthly --while threads.net');
    expect(pledges).toEqual([ALICE]);
    expect(answers).toEqual([{ roomId: DM, to: id, text: expect.stringContaining('recorded') }]);
  });

  it('sends other commands to a member room', async () => {
    const { send, answers } = intake();
    await send(DM, ALICE, '!moot propose threads.net suspend');
    await send(DM, ALICE, '!moot vote 1 yes');
    expect(answers.map((a) => a.text)).toEqual([
      expect.stringContaining('!moot propose is not taken in a direct message: write that in a member room.'),
      expect.stringContaining('!moot vote is not taken in a direct message: write that in a member room.'),
    ]);
  });

  it('takes a bare command there, without the prefix: everything in it is said to the bot', async () => {
    const { send, answers } = intake();
    const id = await send(DM, ALICE, 'help');
    expect(answers).toEqual([{ roomId: DM, to: id, text: expect.stringMatching(/^fedimoot commands for a direct message/) }]);
    await send(DM, ALICE, 'hello there');
    expect(answers[1]!.text).toBe('I don\'t know the command "hello". `!moot help` lists them.');
  });

  it('lists only the personal commands in help', async () => {
    const { send, answers } = intake();
    await send(DM, ALICE, '!moot help');
    const help = answers[0]!.text;
    expect(help).toContain('!moot pledge <');
    expect(help).toContain('!moot verify');
    expect(help).not.toContain('!moot propose');
  });

  it('takes nothing from anyone but the user the room is with', async () => {
    const { send, answers, pledges } = intake();
    await send(DM, '@mallory:example.social', '!moot pledge 5 EUR');
    expect(pledges).toEqual([]);
    expect(answers).toEqual([]);
  });
});

describe('commands read back from a gap in the sync', () => {
  it('count text votes but answer nothing else that late', async () => {
    const { send, answers, votes } = intake();
    const vote = await send(MEMBER_ROOM, ALICE, '!moot vote 1 yes', true);
    await send(MEMBER_ROOM, ALICE, '!moot status', true);
    await send(MEMBER_ROOM, ALICE, '!moot help', true);
    expect(votes).toEqual([vote]);
    expect(answers).toEqual([
      { roomId: MEMBER_ROOM, to: vote, text: '✅' },
      { roomId: MEMBER_ROOM, to: vote, text: 'Counted: yes on Proposal 1 (suspend threads.net). Your latest answer counts.' },
    ]);
  });

  it('are answered when read on time', async () => {
    const { send, answers } = intake();
    const status = await send(MEMBER_ROOM, ALICE, '!moot help');
    expect(answers.map((a) => a.to)).toEqual([status]);
  });
});
