// What the bot says when encryption keeps it from reading a room: no poll there, a room that turned encrypted under an
// open poll, and results with responses it could not read. Each says how to fix it.
import type { Message } from '../contracts/message.ts';
import { bold, code, message, paragraph, type Block } from '../contracts/message.ts';
import { formatWhen, proposalTitle } from './describe.ts';
import type { ProposalView } from '../contracts/ports.ts';
import type { Outcome } from '../../governance/types.ts';
import { unreadableSentence } from '../../governance/unreadable.ts';

/** How to fix it, said wherever the bot admits it cannot read a room. */
export const ENCRYPTION_FIX = 'use a room without encryption, or turn on matrix.encryption in the config';

const closes = (p: ProposalView, now: number) => (p.deadlineAt ? `until ${formatWhen(p.deadlineAt, now)}` : 'until its deadline');

/** In an encrypted room where the proposal opened no poll. */
export function noPollHereMessage(p: ProposalView, prefix: string, now: number): Message {
  return message(
    paragraph(bold(`${proposalTitle(p)} is open for voting, but not in this room`), ': this room is encrypted and I cannot read encrypted answers, so I opened no poll here.'),
    paragraph(
      "Members of this room may still vote (they count among the eligible): in one of the proposal's unencrypted rooms, in the poll or with ",
      code(`${prefix} vote ${p.id} yes|no|abstain`),
      `, ${closes(p, now)}. To vote here next time, ${ENCRYPTION_FIX}.`,
    ),
  );
}

/** To staff, when rooms were left without a poll. */
export function staffNoPollMessage(p: ProposalView, roomIds: readonly string[]): Message {
  return message(
    paragraph(
      `${proposalTitle(p)} opened without a poll in ${roomIds.length === 1 ? 'an encrypted room' : `${roomIds.length} encrypted rooms`} `,
      `(${roomIds.join(', ')}): I cannot read encrypted answers there. Their members are eligible and can vote in the other rooms. `,
      `To fix it, ${ENCRYPTION_FIX}.`,
    ),
  );
}

/** Why a proposal cannot open at all: no room of it is readable. */
export function noReadableRoomReason(id: number): string {
  return (
    `Proposal ${id} is recorded, but its vote cannot open: every room of the vote is encrypted, and I cannot read encrypted ` +
    `answers. To fix it, ${ENCRYPTION_FIX}; then a second opens the vote.`
  );
}

/** In a room that turned encrypted while polls of it are open: answers sent there from now on cannot be read. */
export function turnedEncryptedMessage(proposals: readonly ProposalView[], prefix: string): Message {
  const titles = proposals.map((p) => proposalTitle(p)).join(', ');
  return message(
    paragraph(
      bold('This room is now encrypted'),
      `, and I cannot read encrypted messages. Answers to the open ${proposals.length === 1 ? 'poll' : 'polls'} here (${titles}) `,
      'sent from now on cannot be read: the result will count them as unreadable. Vote in an unencrypted room of the proposal instead, ',
      'in the poll or with ', code(`${prefix} vote <n> yes|no|abstain`), ` there. To fix it, ${ENCRYPTION_FIX}.`,
    ),
  );
}

const OUTCOME_WORDS: Record<Outcome, string> = { approved: 'approved', rejected: 'rejected', no_quorum: 'without quorum' };

/** What a result with unreadable votes adds after its first line (nothing when all were read). */
export function unreadableResultBlocks(p: ProposalView, incomplete: boolean, possible: readonly Outcome[]): Block[] {
  const n = p.tally?.unreadable ?? 0;
  if (n === 0) return [];
  if (!incomplete) return [paragraph(`${unreadableSentence(n)}; however they were cast, the outcome would be the same.`)];
  return [
    paragraph(
      bold('The result is incomplete'),
      `: ${unreadableSentence(n)}, and depending on how they were cast the proposal could have been `,
      `${possible.map((o) => OUTCOME_WORDS[o]).join(' or ')}. So there is no decision and nothing is applied.`,
    ),
    paragraph(`Staff: run the vote again where I can read it (propose it again once its rooms are readable). To fix it, ${ENCRYPTION_FIX}.`),
  ];
}
