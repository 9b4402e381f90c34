// Waiting for someone's membership of a room to change (the bot joining or declining an invite).
import { setTimeout as sleep } from 'node:timers/promises';
import type { MatrixUser } from './matrix-user.ts';

async function membership(viewer: MatrixUser, roomId: string, userId: string): Promise<string | undefined> {
  try {
    return (await viewer.getState<{ membership?: string }>(roomId, 'm.room.member', userId)).membership;
  } catch {
    return undefined;
  }
}

/** Resolves once `viewer` sees `userId`'s membership of the room as `wanted`. */
export async function waitForMembership(viewer: MatrixUser, roomId: string, userId: string, wanted: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await membership(viewer, roomId, userId)) !== wanted) {
    if (Date.now() > until) throw new Error(`${userId} is not ${wanted} in ${roomId} after ${timeoutMs} ms`);
    await sleep(200);
  }
}
