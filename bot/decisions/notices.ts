// Notices that follow a state change are queued as jobs in the same transaction, so a crash between the change and
// the message neither loses the message nor sends it twice (the transaction id comes from the job's key).
import { message, paragraph } from '../contracts/message.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import { proposalRoomIds } from '../proposals/deps.ts';
import { txnId } from '../proposals/txn.ts';
import { jobOf, type PayloadOf } from '../job-kinds.ts';

export type Audience = 'staff' | 'everyone';

/** What queueing a notice touches: the outbox, and the rooms it goes to. */
export type NoticeContext = Pick<ProposalDeps, 'store' | 'now' | 'staffRoomIds' | 'memberRoomIds'>;

/** Call inside the transaction of the change the notice reports. `tag` makes the notice unique per proposal. */
export function queueNotice(deps: NoticeContext, audience: Audience, tag: string, proposalId: number | undefined, paragraphs: string[]): void {
  const rooms = audience === 'staff' ? [...deps.staffRoomIds] : proposalRoomIds(deps);
  for (const roomId of rooms) {
    deps.store.jobs.schedule(jobOf('notice', proposalId, deps.now(), { roomId, tag, paragraphs }));
  }
}

export async function sendQueuedNotice(deps: Pick<ProposalDeps, 'rooms'>, proposalId: number | undefined, payload: PayloadOf<'notice'>): Promise<void> {
  const { roomId, tag } = payload;
  const paragraphs = payload.paragraphs.map((text) => paragraph(text));
  await deps.rooms.sendNotice(roomId, message(...paragraphs), txnId(`notice-${tag}`, proposalId ?? '-', roomId));
}
