import { describe, expect, it } from 'vitest';
import { ignoredUserMatcher } from '../../../governance/eligibility.ts';
import type { MatrixChat } from '../../../bot/matrix/chat.ts';
import { handleRoomEvent, type RoomEvent } from '../../../bot/matrix/intake.ts';
import { intakeDeps } from './intake-deps.ts';
import { MEMBER_ROOM, proposalWorld } from '../proposals/proposal-deps.ts';


function intake(options: { ignoredUsers?: string[]; roomJoinedAt?: Map<string, number> } = {}) {
  const { deps } = proposalWorld();
  const replies: { roomId: string; to: string }[] = [];
  const chat = {
    replyInThread: async (roomId: string, command: { eventId: string }) => {
      replies.push({ roomId, to: command.eventId });
      return '$reply';
    },
    react: async () => '$reaction',
    powerLevel: async () => 0,
  } as unknown as Partial<MatrixChat>;
  const deps_ = intakeDeps(deps, chat, { roomJoinedAt: options.roomJoinedAt, isIgnored: ignoredUserMatcher(options.ignoredUsers ?? []) });
  let n = 0;
  const send = (sender: string, body: string, ts = Date.now()) => {
    const event: RoomEvent = { type: 'm.room.message', sender, event_id: `$cmd${++n}`, origin_server_ts: ts, content: { msgtype: 'm.text', body } };
    return handleRoomEvent(deps_, MEMBER_ROOM, event).then(() => event.event_id);
  };
  return { send, replies };
}

describe('commands the bot takes from its rooms', () => {
  it('answers members but not matrix.ignoredUsers (bridges, other bots), exact ids and patterns alike', async () => {
    const { send, replies } = intake({ ignoredUsers: ['@bridge:example.social', '@*_bot:example.social'] });
    const member = await send('@alice:example.social', '!moot help');
    await send('@bridge:example.social', '!moot help');
    await send('@irc_bot:example.social', '!moot help');
    expect(replies).toEqual([{ roomId: MEMBER_ROOM, to: member }]);
  });

  it('in a room joined while running, leaves alone what was said there before the bot joined', async () => {
    const joinedAt = Date.now();
    const { send, replies } = intake({ roomJoinedAt: new Map([[MEMBER_ROOM, joinedAt]]) });
    await send('@alice:example.social', '!moot help', joinedAt - 60_000);
    const after = await send('@alice:example.social', '!moot help', joinedAt + 1);
    expect(replies).toEqual([{ roomId: MEMBER_ROOM, to: after }]);
  });
});
