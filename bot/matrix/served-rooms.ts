// The rooms the bot serves. A configured room it could not join at start is joined when someone invites the bot, and
// served from then on (room lists and sync filter) without a restart; any other invite may open a direct-message room
// (see direct-rooms.ts) and is declined otherwise.
import type { MatrixClient } from 'matrix-bot-sdk';
import type { Logger } from '../logger.ts';
import { resolveRoomId, type UnjoinedRoom } from './connect.ts';
import type { SyncStorage } from './sync-storage.ts';
import { installFilter, syncFilter } from './sync-filter.ts';
import { withRateLimitRetry } from './rate-limit.ts';
import type { DirectRooms, InviteEvent } from './direct-rooms.ts';

export interface ServedRoomsInit {
  client: MatrixClient;
  storage: SyncStorage;
  logger: Logger;
  botUserId: string;
  now(): number;
  /** Changed in place when a room is added: the proposal workflow reads these same arrays. */
  staffRoomIds: string[];
  memberRoomIds: string[];
  unjoined: UnjoinedRoom[];
  isPolicyRoom(roomId: string): boolean;
  direct: DirectRooms;
}

export class ServedRooms {
  readonly staff: Set<string>;
  readonly member: Set<string>;
  /** Rooms joined while running, with the time of the join: earlier messages there were not meant for the bot. */
  readonly joinedAt = new Map<string, number>();
  readonly direct: DirectRooms;
  private readonly init: ServedRoomsInit;

  constructor(init: ServedRoomsInit) {
    this.init = init;
    this.staff = new Set(init.staffRoomIds);
    this.member = new Set(init.memberRoomIds);
    this.direct = init.direct;
  }

  filter(): Record<string, unknown> {
    return syncFilter([...this.init.staffRoomIds, ...this.init.memberRoomIds, ...this.direct.roomIds()]);
  }

  /** Follows a change of the served rooms from the next sync on. */
  async refilter(): Promise<void> {
    await installFilter(this.init.client, this.init.storage, this.filter());
  }

  /**
   * Rooms served now that the last run's sync filter did not have (just added to the config, or joined only now): their
   * earlier messages were not meant for the bot, yet the next sync may hand them over as the room's recent history.
   */
  markNewRooms(at: number): void {
    const previous = (this.init.storage.getFilter() as { filter?: { room?: { rooms?: unknown } } } | undefined)?.filter?.room?.rooms;
    if (!Array.isArray(previous)) return;
    for (const roomId of [...this.staff, ...this.member, ...this.direct.roomIds()]) if (!previous.includes(roomId)) this.joinedAt.set(roomId, at);
  }

  async onInvite(roomId: string, invite: InviteEvent): Promise<void> {
    const { client, logger } = this.init;
    if (this.staff.has(roomId) || this.member.has(roomId) || this.init.isPolicyRoom(roomId)) {
      await withRateLimitRetry(() => client.joinRoom(roomId));
      return;
    }
    const pending = await this.findUnjoined(roomId);
    if (!pending) {
      const from = await this.direct.offer(roomId, invite);
      if (from !== undefined) this.joinedAt.set(roomId, from);
      return;
    }
    await withRateLimitRetry(() => client.joinRoom(roomId));
    this.joinedAt.set(roomId, await this.joinTime(roomId));
    this.init.unjoined.splice(this.init.unjoined.indexOf(pending), 1);
    if (pending.kind === 'staff') {
      this.init.staffRoomIds.push(roomId);
      this.staff.add(roomId);
    } else {
      this.init.memberRoomIds.push(roomId);
      this.member.add(roomId);
    }
    await this.refilter();
    logger.info({ room: pending.room, roomId, kind: pending.kind }, 'joined a configured room on invite; serving it now');
  }

  private async findUnjoined(roomId: string): Promise<UnjoinedRoom | undefined> {
    const unjoined = this.init.unjoined;
    const known = unjoined.find((u) => u.id === roomId);
    if (known) return known;
    // An alias that did not resolve at start may exist by now.
    for (const u of unjoined) {
      if (u.id !== undefined) continue;
      u.id = await resolveRoomId(this.init.client, u.room);
      if (u.id === roomId) return u;
    }
    return undefined;
  }

  /** The homeserver's time of the bot's join (the clock messages are compared with), else ours. */
  private async joinTime(roomId: string): Promise<number> {
    const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(this.init.botUserId)}`;
    try {
      const event = (await this.init.client.doRequest('GET', path, { format: 'event' })) as { origin_server_ts?: unknown };
      if (typeof event.origin_server_ts === 'number') return event.origin_server_ts;
    } catch {
      // fall through
    }
    return this.init.now();
  }
}
