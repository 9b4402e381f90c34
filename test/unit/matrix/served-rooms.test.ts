import { describe, expect, it } from 'vitest';
import type { MatrixClient } from 'matrix-bot-sdk';
import { ServedRooms } from '../../../bot/matrix/served-rooms.ts';
import { SyncStorage } from '../../../bot/matrix/sync-storage.ts';
import type { DirectRooms } from '../../../bot/matrix/direct-rooms.ts';
import { syncFilter } from '../../../bot/matrix/sync-filter.ts';
import { createLogger } from '../../../bot/logger.ts';
import { memoryStore } from '../storage/storage-fixtures.ts';

const STAFF = '!staff:example.social';
const HALL = '!hall:example.social';

function served(previousRooms?: string[]): ServedRooms {
  const storage = new SyncStorage(memoryStore());
  if (previousRooms) storage.setFilter({ id: 1, filter: syncFilter(previousRooms) });
  return new ServedRooms({
    client: {} as MatrixClient,
    storage,
    logger: createLogger({ level: 'fatal' }),
    botUserId: '@moot:example.social',
    now: () => 0,
    staffRoomIds: [STAFF],
    memberRoomIds: [HALL],
    unjoined: [],
    isPolicyRoom: () => false,
    direct: { roomIds: () => [] } as unknown as DirectRooms,
  });
}

describe('rooms served for the first time at a start', () => {
  it('take no commands from before the start in a room the last run did not serve', () => {
    const rooms = served([STAFF]);
    rooms.markNewRooms(1000);
    expect([...rooms.joinedAt]).toEqual([[HALL, 1000]]);
  });

  it('leave the first start alone (its own rule skips all earlier history)', () => {
    const rooms = served();
    rooms.markNewRooms(1000);
    expect(rooms.joinedAt.size).toBe(0);
  });

  it('give the same sync filter whatever order the rooms were joined in', () => {
    expect(syncFilter([HALL, STAFF])).toEqual(syncFilter([STAFF, HALL]));
  });
});
