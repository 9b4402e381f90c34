// The sync filter: the timelines of the rooms the bot serves and nothing it does not read. Synapse applies the room
// list to timelines, not to invites, so an invite to any room still arrives.
import type { MatrixClient } from 'matrix-bot-sdk';
import type { SyncStorage } from './sync-storage.ts';

export function syncFilter(roomIds: Iterable<string>): Record<string, unknown> {
  return {
    room: {
      // Sorted, so the same rooms give the same filter whatever order they were joined in.
      rooms: [...new Set(roomIds)].sort(),
      timeline: { limit: 100 },
      state: { lazy_load_members: true },
      ephemeral: { not_types: ['*'] },
      account_data: { not_types: ['*'] },
    },
    presence: { not_types: ['*'] },
    account_data: { not_types: ['*'] },
  };
}

/**
 * Uploads `filter` and makes it the one the client syncs with from its next request on, keeping the sync token. (The
 * SDK, given a changed filter at start, drops the token instead: the next sync would then hand back each room's recent
 * history as if it were new.)
 */
export async function installFilter(client: MatrixClient, storage: SyncStorage, filter: Record<string, unknown>): Promise<void> {
  const existing = storage.getFilter() as { id?: unknown; filter?: unknown } | undefined;
  if (existing?.id !== undefined && JSON.stringify(existing.filter) === JSON.stringify(filter)) return;
  const userId = await client.getUserId();
  const response = (await client.doRequest('POST', `/_matrix/client/v3/user/${encodeURIComponent(userId)}/filter`, null, filter)) as { filter_id: string };
  // The SDK's filter info is typed with a numeric id; Synapse's ids are strings, and the SDK only passes them through.
  storage.setFilter({ id: response.filter_id as unknown as number, filter });
  (client as unknown as { filterId: string }).filterId = response.filter_id;
}
