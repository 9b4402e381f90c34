import { describe, expect, it } from 'vitest';
import type { MatrixClient } from 'matrix-bot-sdk';
import { DirectRooms } from '../../../bot/matrix/direct-rooms.ts';
import { createLogger } from '../../../bot/logger.ts';

const BOT = '@moot:example.social';
const HALL = '!hall:example.social';
const ALICE = '@alice:example.social';
const STRANGER = '@stranger:elsewhere.example';

/** A homeserver as far as direct rooms need one: who is in which room, the bot's m.direct, joins and leaves. */
function homeserver(options: { mDirect?: Record<string, string[]>; joined?: string[] } = {}) {
  const members = new Map<string, string[]>([[HALL, [BOT, ALICE]]]);
  const names = new Map<string, string>();
  const state = { mDirect: options.mDirect, joined: new Set(options.joined ?? [HALL]), left: [] as string[], created: 0, filters: 0 };
  const client = {
    getAccountData: async () => {
      if (!state.mDirect) throw Object.assign(new Error('not found'), { statusCode: 404 });
      return state.mDirect;
    },
    setAccountData: async (_type: string, content: Record<string, string[]>) => void (state.mDirect = structuredClone(content)),
    getJoinedRooms: async () => [...state.joined],
    getJoinedRoomMembers: async (roomId: string) => members.get(roomId) ?? [],
    getRoomStateEvent: async (roomId: string) => {
      if (!names.has(roomId)) throw Object.assign(new Error('not found'), { statusCode: 404 });
      return { name: names.get(roomId) };
    },
    doRequest: async () => ({ chunk: [{ type: 'm.room.member', state_key: BOT, origin_server_ts: 777, content: { membership: 'invite' } }] }),
    getRoomMembers: async (roomId: string) => (members.get(roomId) ?? []).map((u) => ({ membershipFor: u })),
    joinRoom: async (roomId: string) => {
      state.joined.add(roomId);
      members.set(roomId, [...(members.get(roomId) ?? []), BOT]);
      return roomId;
    },
    leaveRoom: async (roomId: string) => {
      state.joined.delete(roomId);
      state.left.push(roomId);
    },
  } as unknown as MatrixClient;
  const rooms = () => new DirectRooms({
    client,
    logger: createLogger({ level: 'fatal' }),
    botUserId: BOT,
    communityRooms: () => [HALL],
    createDirectRoom: async (userId) => {
      const roomId = `!made${++state.created}:example.social`;
      state.joined.add(roomId);
      members.set(roomId, [BOT, userId]);
      return roomId;
    },
    changed: async () => void state.filters++,
  });
  return { members, names, state, rooms };
}

describe('direct-message rooms with the bot', () => {
  it('are accepted from a member of the community, remembered in m.direct and served', async () => {
    const hs = homeserver();
    hs.members.set('!dm:example.social', [ALICE]);
    const direct = hs.rooms();
    await direct.load();
    expect(await direct.offer('!dm:example.social', { sender: ALICE, origin_server_ts: 1234, content: { is_direct: true } })).toBe(1234);
    expect(direct.users.get('!dm:example.social')).toBe(ALICE);
    expect(hs.state.mDirect).toEqual({ [ALICE]: ['!dm:example.social'] });
    expect(hs.state.filters).toBe(1);
    // The bot writes to the same room later on instead of making another.
    expect(await direct.roomFor(ALICE)).toBe('!dm:example.social');
    expect(hs.state.created).toBe(0);
  });

  it('are declined from someone in none of the member or staff rooms', async () => {
    const hs = homeserver();
    hs.members.set('!dm:example.social', [STRANGER]);
    const direct = hs.rooms();
    await direct.load();
    expect(await direct.offer('!dm:example.social', { sender: STRANGER, content: { is_direct: true } })).toBeUndefined();
    expect(hs.state.left).toEqual(['!dm:example.social']);
    expect(hs.state.joined.has('!dm:example.social')).toBe(false);
    expect(direct.roomIds()).toEqual([]);
  });

  it('are left when someone else is in the room too: replies there would not be private', async () => {
    const hs = homeserver();
    hs.members.set('!group:example.social', [ALICE, '@bob:example.social']);
    const direct = hs.rooms();
    await direct.load();
    expect(await direct.offer('!group:example.social', { sender: ALICE, content: { is_direct: true } })).toBeUndefined();
    expect(hs.state.left).toEqual(['!group:example.social']);
    expect(direct.roomIds()).toEqual([]);
  });

  it('are also an unnamed room of two without is_direct, from when the bot was invited; a named one is not', async () => {
    const hs = homeserver();
    hs.members.set('!plain:example.social', [ALICE]);
    hs.members.set('!named:example.social', [ALICE]);
    hs.names.set('!named:example.social', 'Working group');
    const direct = hs.rooms();
    await direct.load();
    expect(await direct.offer('!plain:example.social', { sender: ALICE })).toBe(777);
    expect(await direct.offer('!named:example.social', { sender: ALICE })).toBeUndefined();
    expect(direct.roomIds()).toEqual(['!plain:example.social']);
    expect(hs.state.left).toEqual(['!named:example.social']);
  });

  it('are served again after a restart, from m.direct, where the bot is still joined', async () => {
    const hs = homeserver({ mDirect: { [ALICE]: ['!gone:example.social', '!dm:example.social'] }, joined: [HALL, '!dm:example.social'] });
    const direct = hs.rooms();
    await direct.load();
    expect(direct.roomIds()).toEqual(['!dm:example.social']);
    expect(await direct.roomFor(ALICE)).toBe('!dm:example.social');
  });

  it('are made by the bot when it writes first, and served from then on', async () => {
    const hs = homeserver();
    const direct = hs.rooms();
    await direct.load();
    const roomId = await direct.roomFor(ALICE);
    expect(direct.users.get(roomId)).toBe(ALICE);
    expect(hs.state.mDirect).toEqual({ [ALICE]: [roomId] });
    expect(await direct.roomFor(ALICE)).toBe(roomId);
    expect(hs.state.created).toBe(1);
  });

  it('are left once a third person joins, and the next message goes to a new room', async () => {
    const hs = homeserver();
    hs.members.set('!dm:example.social', [ALICE]);
    const direct = hs.rooms();
    await direct.load();
    await direct.offer('!dm:example.social', { sender: ALICE, origin_server_ts: 1000, content: { is_direct: true } });
    // History from before the bot took the room on is not news.
    await direct.onEvent('!dm:example.social', { type: 'm.room.member', state_key: '@old:example.social', origin_server_ts: 999, content: { membership: 'join' } });
    expect(direct.roomIds()).toEqual(['!dm:example.social']);
    await direct.onEvent('!dm:example.social', { type: 'm.room.member', state_key: '@bob:example.social', origin_server_ts: 2000, content: { membership: 'join' } });
    expect(hs.state.left).toEqual(['!dm:example.social']);
    expect(direct.roomIds()).toEqual([]);
    expect(hs.state.mDirect).toEqual({});
    expect(await direct.roomFor(ALICE)).toBe('!made1:example.social');
  });
});
