// Issue 16, item 5: a command written in the wrong room is refused with the room it belongs in.
import { describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../../commands/chat/dispatch.ts';
import { CHAT_COMMANDS } from '../../../commands/chat/registry.ts';
import type { CommandContext } from '../../../bot/contracts/spec.ts';
import type { ProposalActions } from '../../../bot/contracts/ports.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';

const STAFF_ROOM = '#moderators:example.social';
const MEMBER_ROOM = '#town-hall:example.social';

function context(roomKind: CommandContext['roomKind'], staff: boolean, rooms = { staff: [STAFF_ROOM], member: [MEMBER_ROOM] }): CommandContext {
  return {
    sender: '@mod:example.social',
    roomId: '!room:example.social',
    eventId: '$cmd',
    eventTs: 0,
    roomKind,
    // Outside a staff room nobody is staff *here*; whether they are staff at all is asked separately.
    isStaff: async () => staff && roomKind === 'staff',
    isStaffMember: async () => staff,
    settings: { prefix: '!moot', minVotingPeriodMs: 1, maxVotingPeriodMs: 2, votingPeriodMs: 1, whoMayPropose: 'members', rooms },
    // Ran: the close says its refusal (there is no such proposal here).
    proposals: { close: async () => ({ ok: false, reason: { kind: 'no_such_proposal', id: 1 } }) } as unknown as ProposalActions,
  };
}

async function answer(text: string, ctx: CommandContext): Promise<string> {
  const reply = await dispatchCommand(CHAT_COMMANDS, text, ctx);
  if (reply.kind !== 'reply') throw new Error(`expected a reply, got ${reply.kind}`);
  return renderMessage(reply.message).body;
}

describe('refusals name the room a command belongs in', () => {
  it('a staff command in a direct message: a staff room, not a member room', async () => {
    expect(await answer('close 1', context('direct', true))).toBe(
      `!moot close is a staff command: write it in a staff room (${STAFF_ROOM}), not in a direct message.`,
    );
    expect(await answer('sync', context('direct', false))).toBe(
      `!moot sync is a staff command: write it in a staff room (${STAFF_ROOM}), not in a direct message.`,
    );
  });

  it('a staff member writing a staff command in the member room is told to use the staff room', async () => {
    expect(await answer('cancel 1 spam', context('member', true))).toBe(
      `!moot cancel is taken only in a staff room: write it in the staff room (${STAFF_ROOM}), not in a member room.`,
    );
  });

  it('a member writing a staff command in the member room hears it is for staff', async () => {
    expect(await answer('close 1', context('member', false))).toBe('!moot close is for staff, in a staff room.');
  });

  it('a member command in a direct message: a member room', async () => {
    expect(await answer('propose threads.net suspend', context('direct', false))).toBe(
      `!moot propose is not taken in a direct message: write that in a member room (${MEMBER_ROOM}). \`!moot help\` lists what works here.`,
    );
  });

  it('without member rooms, member commands go to the staff room, where the polls are', async () => {
    expect(await answer('vote 1 yes', context('direct', false, { staff: [STAFF_ROOM], member: [] }))).toBe(
      `!moot vote is not taken in a direct message: write that in a staff room (${STAFF_ROOM}). \`!moot help\` lists what works here.`,
    );
  });

  it('personal commands work in a direct message; staff commands run in a staff room', async () => {
    expect(await answer('help', context('direct', false))).toContain('!moot');
    expect(await answer('close 1', context('staff', true))).toBe('There is no proposal 1.');
  });
});
