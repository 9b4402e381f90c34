// A sync hands over at most the timeline limit per room: when more piled up while the bot was away (`limited`), the
// older ones are read back with /messages so text votes among them still count. Poll responses need none of this
// (the count reads them from /relations), but they and redactions are read back too, for the record.
import type { MatrixClient } from 'matrix-bot-sdk';
import type { Logger } from '../logger.ts';
import type { Store } from '../../storage/store.ts';
import type { RoomEvent } from './intake.ts';
import { withRateLimitRetry } from './rate-limit.ts';

/** More than this per room and gap is left unread (and logged): a flood, not a community's discussion. */
export const MAX_READ_BACK = 1000;
const PAGE = 100;


interface SyncTimeline {
  events?: RoomEvent[];
  limited?: boolean;
  prev_batch?: string;
}

interface RawSync {
  rooms?: { join?: Record<string, { timeline?: SyncTimeline }> };
}

export interface GapFillDeps {
  client: Pick<MatrixClient, 'doRequest'>;
  store: Store;
  logger: Logger;
  /** Rooms where votes are cast. */
  isVotingRoom(roomId: string): boolean;
  /** Events from before this cannot be votes on an open proposal; undefined when no proposal is open. */
  horizon(): number | undefined;
  /** Hands one read-back event to the intake, as a late one. */
  feed(roomId: string, event: RoomEvent): Promise<void>;
}

/** Reads back and feeds, oldest first, what each limited room timeline of this sync response skipped. */
export async function fillGaps(deps: GapFillDeps, raw: unknown): Promise<void> {
  for (const [roomId, room] of Object.entries((raw as RawSync | undefined)?.rooms?.join ?? {})) {
    const timeline = room.timeline;
    if (!timeline?.limited || !timeline.prev_batch || !deps.isVotingRoom(roomId)) continue;
    const horizon = deps.horizon();
    if (horizon === undefined) continue;
    const missed = await readBack(deps, roomId, timeline.prev_batch, horizon);
    if (missed.length) deps.logger.info({ roomId, events: missed.length }, 'read back events a limited sync skipped');
    for (const event of missed) await deps.feed(roomId, event);
  }
}

/** After a sync response was handled: where to stop reading back next time. */
export function rememberLastEvents(store: Store, raw: unknown): void {
  for (const [roomId, room] of Object.entries((raw as RawSync | undefined)?.rooms?.join ?? {})) {
    const last = room.timeline?.events?.at(-1)?.event_id;
    if (last) store.seen.setLastEvent(roomId, last);
  }
}

async function readBack(deps: GapFillDeps, roomId: string, from: string, horizon: number): Promise<RoomEvent[]> {
  const stopAt = deps.store.seen.lastEvent(roomId);
  const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages`;
  const newestFirst: RoomEvent[] = [];
  let token: string | undefined = from;
  while (token) {
    const query = { dir: 'b', from: token, limit: PAGE };
    const page = (await withRateLimitRetry(() => deps.client.doRequest('GET', path, query))) as { chunk?: RoomEvent[]; end?: string };
    const chunk = page.chunk ?? [];
    for (const event of chunk) {
      if (event.event_id === stopAt || event.origin_server_ts < horizon) return newestFirst.reverse();
      if (newestFirst.length >= MAX_READ_BACK) {
        deps.logger.warn({ roomId, read: MAX_READ_BACK }, 'stopped reading back a sync gap: older events there are not read');
        return newestFirst.reverse();
      }
      newestFirst.push(event);
    }
    token = chunk.length ? page.end : undefined;
  }
  return newestFirst.reverse();
}
