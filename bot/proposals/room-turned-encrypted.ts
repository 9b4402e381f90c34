// A room with open polls turned encrypted while the bot cannot decrypt: answers sent there from now on will reach the
// count only as unreadable. Said in that room (so members vote elsewhere) and to staff, once: when it is seen in sync,
// or at start when it happened while the bot was away.
import { message, paragraph } from '../contracts/message.ts';
import { proposalTitle } from '../wording/describe.ts';
import type { ConfigSections, ProposalDeps } from './deps.ts';
import { toView } from './view.ts';
import { txnId } from './txn.ts';
import { ENCRYPTION_FIX, turnedEncryptedMessage } from '../wording/unreadable-notices.ts';

/** The open polls in the room, the warning's mark, the room and the staff rooms. */
export type TurnedEncryptedContext = Pick<ProposalDeps, 'store' | 'rooms' | 'now' | 'staffRoomIds'> & ConfigSections<'matrix'>;

export async function warnRoomTurnedEncrypted(deps: TurnedEncryptedContext, roomId: string): Promise<void> {
  const open = deps.store.proposals
    .listActive()
    .filter((p) => p.state === 'open' && deps.store.polls.get(p.id, roomId)?.startEventId !== undefined)
    .map((p) => toView(deps.store, p));
  if (open.length === 0) return;
  const key = open.map((p) => p.id).join('-');
  // Stored, since a start looks at every encrypted room again; marked before sending: a crash costs the warning, never a repeat.
  if (deps.store.notices.wasWarned(roomId, key)) return;
  deps.store.notices.markWarned(roomId, key, deps.now());
  await deps.rooms.sendNotice(roomId, turnedEncryptedMessage(open, deps.config.matrix.commandPrefix), txnId('turned-encrypted', key, roomId));
  const staffNote = message(
    paragraph(
      `Room ${roomId} turned encrypted while ${open.map((p) => proposalTitle(p)).join(', ')} ${open.length === 1 ? 'is' : 'are'} open there: `,
      `answers sent there from now on cannot be read, and the result will count them as unreadable. To fix it, ${ENCRYPTION_FIX}.`,
    ),
  );
  for (const staffRoom of deps.staffRoomIds) {
    if (staffRoom !== roomId) await deps.rooms.sendNotice(staffRoom, staffNote, txnId(`turned-encrypted-staff.${key}`, 0, `${staffRoom}|${roomId}`));
  }
}
