import { describe, expect, it } from 'vitest';
import { fillGaps, MAX_READ_BACK, rememberLastEvents, type GapFillDeps } from '../../../bot/matrix/gap-fill.ts';
import type { RoomEvent } from '../../../bot/matrix/intake.ts';
import { createLogger } from '../../../bot/logger.ts';
import { memoryStore } from '../storage/storage-fixtures.ts';

const HALL = '!hall:example.social';

const message = (i: number): RoomEvent => ({ type: 'm.room.message', sender: '@a:example.social', event_id: `$e${i}`, origin_server_ts: 1000 + i, content: { body: `m${i}` } });

/** A room whose history is events 0..count-1; `/messages?dir=b&from=t<i>` pages back from event i-1. */
function room(count: number, options: { horizon?: number; voting?: boolean } = {}) {
  const history = Array.from({ length: count }, (_, i) => message(i));
  const fed: string[] = [];
  let requests = 0;
  const store = memoryStore();
  const deps: GapFillDeps = {
    client: {
      doRequest: async (_method: string, _path: string, query: { from: string; limit: number }) => {
        requests++;
        const end = Number(query.from.slice(1));
        const start = Math.max(0, end - query.limit);
        return { chunk: history.slice(start, end).reverse(), end: start > 0 ? `t${start}` : undefined };
      },
    } as GapFillDeps['client'],
    store,
    logger: createLogger({ level: 'fatal' }),
    isVotingRoom: () => options.voting ?? true,
    horizon: () => ('horizon' in options ? options.horizon : 0),
    feed: async (_roomId, event) => void fed.push(event.event_id),
  };
  /** A sync that hands over the last `shown` events, limited, with the token before them. */
  const sync = (shown: number) => ({
    rooms: { join: { [HALL]: { timeline: { events: history.slice(count - shown), limited: shown < count, prev_batch: `t${count - shown}` } } } },
  });
  return { deps, fed, store, sync, requests: () => requests };
}

describe('a limited sync', () => {
  it('has what it skipped read back and fed, oldest first, before the sync itself', async () => {
    const r = room(250);
    await fillGaps(r.deps, r.sync(100));
    expect(r.fed).toEqual(Array.from({ length: 150 }, (_, i) => `$e${i}`));
  });

  it('reads back only to the last event the previous sync handed over', async () => {
    const r = room(250);
    rememberLastEvents(r.store, { rooms: { join: { [HALL]: { timeline: { events: [message(119)] } } } } });
    await fillGaps(r.deps, r.sync(100));
    expect(r.fed).toEqual(Array.from({ length: 30 }, (_, i) => `$e${120 + i}`));
  });

  it('reads back nothing from before the oldest open proposal opened, and nothing at all when none is open', async () => {
    const r = room(250, { horizon: 1000 + 140 });
    await fillGaps(r.deps, r.sync(100));
    expect(r.fed).toEqual(Array.from({ length: 10 }, (_, i) => `$e${140 + i}`));
    const none = room(250, { horizon: undefined });
    await fillGaps(none.deps, none.sync(100));
    expect(none.fed).toEqual([]);
    expect(none.requests()).toBe(0);
  });

  it(`stops after ${MAX_READ_BACK} events`, async () => {
    const r = room(MAX_READ_BACK + 300);
    await fillGaps(r.deps, r.sync(100));
    expect(r.fed).toHaveLength(MAX_READ_BACK);
    expect(r.fed.at(-1)).toBe(`$e${MAX_READ_BACK + 199}`);
  });

  it('leaves alone timelines that are complete, and rooms without votes', async () => {
    const complete = room(50);
    await fillGaps(complete.deps, complete.sync(50));
    const direct = room(250, { voting: false });
    await fillGaps(direct.deps, direct.sync(100));
    expect([...complete.fed, ...direct.fed]).toEqual([]);
  });
});
