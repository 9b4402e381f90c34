// Per-room cursors over /sync for MatrixUser.waitForEvent: long-polls instead of fixed sleeps.
import { describe, type EventPredicate, type MatrixEvent } from './matrix-events.ts';

type Query = Record<string, string | number | undefined>;
type Get = (method: string, path: string, query: Query) => Promise<unknown>;

interface Cursor {
  since: string;
  /** Events already synced and not yet taken by a waitFor. */
  pending: MatrixEvent[];
  /** After a join, sync replays history from before it: drop everything up to our own join event. */
  skipToOwnJoin: boolean;
}

interface SyncRoom {
  timeline?: { events?: Omit<MatrixEvent, 'room_id'>[] };
}
interface SyncResponse {
  next_batch: string;
  rooms?: { join?: Record<string, SyncRoom>; leave?: Record<string, SyncRoom> };
}

export class RoomTimelines {
  private readonly userId: string;
  private readonly get: Get;
  private readonly cursors = new Map<string, Cursor>();

  constructor(userId: string, get: Get) {
    this.userId = userId;
    this.get = get;
  }

  /** The current sync position; it is global, so any room's filter can continue from it. */
  async position(): Promise<string> {
    return (await this.sync({ timeout: 0, filter: roomFilter(null, 1) })).next_batch;
  }

  /** Starts a room's cursor at a position taken before this user's first action there (no-op if it has one). */
  track(roomId: string, since: string, skipToOwnJoin: boolean): void {
    if (!this.cursors.has(roomId)) this.cursors.set(roomId, { since, pending: [], skipToOwnJoin });
  }

  async ensure(roomId: string): Promise<void> {
    if (!this.cursors.has(roomId)) this.track(roomId, await this.position(), false);
  }

  async waitFor(roomId: string, predicate: EventPredicate, timeoutMs: number): Promise<MatrixEvent> {
    await this.ensure(roomId);
    const cursor = this.cursors.get(roomId)!;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Only the match is taken: events passed over stay for later waits, so waiting for a reply does not lose the
      // poll the bot sent before it.
      const index = cursor.pending.findIndex(predicate);
      if (index >= 0) return cursor.pending.splice(index, 1)[0]!;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const summary = cursor.pending.slice(-15).map(describe).join('\n  ');
        throw new Error(`no matching event in ${roomId} within ${timeoutMs} ms; events waiting:\n  ${summary || '(none)'}`);
      }
      await this.pull(roomId, cursor, Math.min(remaining, 10_000));
    }
  }

  private async pull(roomId: string, cursor: Cursor, timeoutMs: number): Promise<void> {
    const res = await this.sync({
      since: cursor.since,
      timeout: Math.max(0, Math.round(timeoutMs)),
      filter: roomFilter(roomId, 1000),
    });
    let events: MatrixEvent[] = [];
    for (const section of [res.rooms?.join, res.rooms?.leave]) {
      for (const ev of section?.[roomId]?.timeline?.events ?? []) events.push({ ...ev, room_id: roomId });
    }
    if (cursor.skipToOwnJoin) {
      const own = events.findLastIndex(
        (ev) => ev.type === 'm.room.member' && ev.state_key === this.userId && ev.content.membership === 'join',
      );
      if (own >= 0) {
        events = events.slice(own + 1);
        cursor.skipToOwnJoin = false;
      }
    }
    cursor.pending.push(...events);
    cursor.since = res.next_batch;
  }

  private async sync(query: Query): Promise<SyncResponse> {
    return (await this.get('GET', '/_matrix/client/v3/sync', query)) as SyncResponse;
  }
}

function roomFilter(roomId: string | null, limit: number): string {
  const none = { not_types: ['*'] };
  return JSON.stringify({
    presence: none,
    account_data: none,
    room: {
      rooms: roomId ? [roomId] : [],
      timeline: { limit },
      state: { lazy_load_members: true },
      ephemeral: none,
      account_data: none,
    },
  });
}
