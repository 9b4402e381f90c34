// Notices that follow a state change are queued as jobs in the same transaction, so a crash between the change and
// the message neither loses the message nor sends it twice (the transaction id comes from the job's key).
import { message, paragraph } from '../contracts/message.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import { proposalRoomIds } from '../proposals/deps.ts';
import { txnId } from '../proposals/txn.ts';

export type Audience = 'staff' | 'everyone';

/** Call inside the transaction of the change the notice reports. `tag` makes the notice unique per proposal. */
export function queueNotice(deps: ProposalDeps, audience: Audience, tag: string, proposalId: number | undefined, paragraphs: string[]): void {
  const rooms = audience === 'staff' ? [...deps.staffRoomIds] : proposalRoomIds(deps);
  for (const roomId of rooms) {
    deps.store.jobs.schedule({
      kind: 'notice',
      proposalId,
      runAt: deps.now(),
      payload: { roomId, tag, paragraphs },
      key: `notice:${tag}:${proposalId ?? '-'}:${roomId}`,
    });
  }
}

export async function sendQueuedNotice(deps: ProposalDeps, proposalId: number | undefined, payload: Record<string, unknown>): Promise<void> {
  const roomId = String(payload.roomId);
  const paragraphs = (payload.paragraphs as string[]).map((text) => paragraph(text));
  await deps.rooms.sendNotice(roomId, message(...paragraphs), txnId(`notice-${String(payload.tag)}`, proposalId ?? '-', roomId));
}
