// Direct-message rooms with the bot, one per user, where personal commands (pledges, links) stay private. A room is
// accepted from members of the community only and only while it holds just the two of them; the bot's m.direct account
// data lists them, so they are served again after a restart (and look like DMs in any client logged in as the bot).
import type { MatrixClient } from 'matrix-bot-sdk';
import type { Logger } from '../logger.ts';
import { withRateLimitRetry } from './rate-limit.ts';

/** Where bot/pledges/direct.ts remembers a user's room; kept equal to the room served here, so there is one per user. */

export interface InviteEvent {
  sender: string;
  origin_server_ts?: number;
  content?: Record<string, unknown>;
}

interface MemberEvent {
  type: string;
  state_key?: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
}

export interface DirectRoomsInit {
  client: MatrixClient;
  logger: Logger;
  botUserId: string;
  /** The member and staff rooms: only their joined members may talk to the bot in private. */
  communityRooms(): readonly string[];
  createDirectRoom(userId: string): Promise<string>;
  /** The set of served rooms changed: the sync filter follows. */
  changed(): Promise<void>;
}

type DirectContent = Record<string, string[]>;

export class DirectRooms {
  /** Served direct rooms → the user each is with. */
  readonly users = new Map<string, string>();
  private direct: DirectContent = {};
  /** When each room was taken on in this run: membership history from before then is not news. */
  private readonly since = new Map<string, number>();
  private readonly init: DirectRoomsInit;

  constructor(init: DirectRoomsInit) {
    this.init = init;
  }

  async load(): Promise<void> {
    const { client } = this.init;
    this.direct = await this.readDirect();
    const joined = new Set(await withRateLimitRetry(() => client.getJoinedRooms()));
    for (const [userId, rooms] of Object.entries(this.direct)) {
      for (const roomId of rooms) if (joined.has(roomId)) this.users.set(roomId, userId);
    }
  }

  roomIds(): string[] {
    return [...this.users.keys()];
  }

  /** The user's room with the bot, made (and served) when there is none yet. */
  async roomFor(userId: string): Promise<string> {
    // Newest first, as matrix-bot-sdk's own DM helper keeps m.direct.
    const latest = (this.direct[userId] ?? []).find((roomId) => this.users.has(roomId));
    if (latest) return latest;
    const roomId = await this.init.createDirectRoom(userId);
    await this.add(roomId, userId, Date.now());
    return roomId;
  }

  /**
   * An invite to a room that is not configured: taken as a direct-message room when the inviter is a member of the
   * community and the room holds no one else. Returns when messages there start being for the bot, or undefined when
   * the invite was declined.
   */
  async offer(roomId: string, invite: InviteEvent): Promise<number | undefined> {
    const { client, logger } = this.init;
    const inviter = invite.sender;
    if (!(await this.inCommunity(inviter))) return this.decline(roomId, inviter, 'declined an invite from someone who is not in a member or staff room');
    await withRateLimitRetry(() => client.joinRoom(roomId));
    const others = (await this.presentMembers(roomId)).filter((u) => u !== this.init.botUserId && u !== inviter);
    if (others.length > 0) return this.decline(roomId, inviter, 'left a room offered as a direct message: others are in it');
    // Without is_direct, a room someone named is meant as a room of the community, which the config does not list.
    if (invite.content?.is_direct !== true && (await this.isNamed(roomId))) {
      return this.decline(roomId, inviter, 'left a room it was invited to: not configured, and not a direct chat');
    }
    // What the user wrote after inviting, before the bot was in, was already meant for it.
    const from = typeof invite.origin_server_ts === 'number' ? invite.origin_server_ts : await this.inviteTime(roomId);
    await this.add(roomId, inviter, from);
    logger.info({ roomId, user: inviter }, 'serving a direct-message room');
    return from;
  }

  /** Membership changes in a served direct room: once it is no longer the two of them, the bot leaves it. */
  async onEvent(roomId: string, event: MemberEvent): Promise<void> {
    const userId = this.users.get(roomId);
    if (!userId || event.type !== 'm.room.member' || event.origin_server_ts < (this.since.get(roomId) ?? 0)) return;
    const member = event.state_key;
    const membership = event.content.membership;
    const userGone = member === userId && (membership === 'leave' || membership === 'ban');
    const someoneElse = member !== userId && member !== this.init.botUserId && (membership === 'join' || membership === 'invite');
    if (!userGone && !someoneElse) return;
    this.init.logger.info({ roomId, user: userId }, 'leaving a direct-message room that is no longer private');
    await this.forget(roomId, userId);
    await withRateLimitRetry(() => this.init.client.leaveRoom(roomId));
  }

  private async decline(roomId: string, inviter: string, why: string): Promise<undefined> {
    this.init.logger.info({ roomId, inviter }, why);
    await withRateLimitRetry(() => this.init.client.leaveRoom(roomId));
    return undefined;
  }

  private async add(roomId: string, userId: string, from: number): Promise<void> {
    this.users.set(roomId, userId);
    this.since.set(roomId, from);
    this.direct[userId] = [roomId, ...(this.direct[userId] ?? []).filter((r) => r !== roomId)];
    await this.writeDirect();
    await this.init.changed();
  }

  private async forget(roomId: string, userId: string): Promise<void> {
    this.users.delete(roomId);
    const rest = (this.direct[userId] ?? []).filter((r) => r !== roomId);
    if (rest.length) this.direct[userId] = rest;
    else delete this.direct[userId];
    await this.writeDirect();
    await this.init.changed();
  }

  private async inCommunity(userId: string): Promise<boolean> {
    for (const roomId of this.init.communityRooms()) {
      try {
        if ((await withRateLimitRetry(() => this.init.client.getJoinedRoomMembers(roomId))).includes(userId)) return true;
      } catch (error) {
        this.init.logger.warn({ err: error, roomId }, 'could not read the members of a room');
      }
    }
    return false;
  }

  /** Joined and invited members: an invited third party could read along once in. */
  private async presentMembers(roomId: string): Promise<string[]> {
    const events = await withRateLimitRetry(() => this.init.client.getRoomMembers(roomId, undefined, ['join', 'invite']));
    return events.map((e) => e.membershipFor);
  }

  private async isNamed(roomId: string): Promise<boolean> {
    try {
      const content = (await withRateLimitRetry(() => this.init.client.getRoomStateEvent(roomId, 'm.room.name', ''))) as { name?: unknown };
      return typeof content.name === 'string' && content.name !== '';
    } catch {
      return false;
    }
  }

  /** The homeserver's time of the bot's invite (an invite's stripped state carries none), else of its join. */
  private async inviteTime(roomId: string): Promise<number> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
    const query = { dir: 'b', limit: 50, filter: JSON.stringify({ types: ['m.room.member'] }) };
    try {
      const page = (await withRateLimitRetry(() => this.init.client.doRequest('GET', path, query))) as { chunk?: MemberEvent[] };
      const own = (page.chunk ?? []).filter((e) => e.state_key === this.init.botUserId);
      const invite = own.find((e) => e.content.membership === 'invite') ?? own[0];
      if (invite) return invite.origin_server_ts;
    } catch (error) {
      this.init.logger.warn({ err: error, roomId }, 'could not read when the bot was invited');
    }
    return Date.now();
  }

  private async readDirect(): Promise<DirectContent> {
    let raw: unknown;
    try {
      raw = await withRateLimitRetry(() => this.init.client.getAccountData('m.direct'));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return {};
      throw error;
    }
    const content: DirectContent = {};
    for (const [userId, rooms] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
      if (Array.isArray(rooms)) content[userId] = rooms.filter((r): r is string => typeof r === 'string');
    }
    return content;
  }

  private async writeDirect(): Promise<void> {
    await withRateLimitRetry(() => this.init.client.setAccountData('m.direct', this.direct));
  }
}
