import { createHash } from 'node:crypto';

/**
 * A Matrix transaction id that is the same every time the same logical message is sent, so a retry after a crash is
 * deduplicated by the homeserver instead of posting twice. Transaction ids are per access token, not per room.
 */
export function txnId(kind: string, proposalId: number | string, roomId: string): string {
  const room = createHash('sha256').update(roomId).digest('hex').slice(0, 12);
  return `fedimoot.${kind}.${proposalId}.${room}`;
}
