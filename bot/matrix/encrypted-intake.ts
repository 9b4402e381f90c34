// Encrypted events the bot cannot decrypt. A response to one of our polls is recorded as unreadable (its relation is
// in clear text); anything else may be a command nobody will ever see answered, so the room is told, once in a while,
// why: staff in an encrypted staff room would otherwise wait for replies that never come.
import { message, paragraph, type Message } from '../contracts/message.ts';
import type { Store } from '../../storage/store.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import { ingestUnreadableResponse } from '../proposals/votes.ts';
import { ENCRYPTION_FIX } from '../wording/unreadable-notices.ts';
import { encryptedResponse } from './poll-events.ts';

/** One notice per room per week at most, kept across restarts: chatter in an encrypted room must not draw a reply each time. */
export const ENCRYPTED_NOTICE_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000;


export function cannotReadEncryptedMessage(): Message {
  return message(
    paragraph(
      'I cannot read encrypted messages: end-to-end encryption is off in my config, so commands and votes sent in this ' +
        `room do not reach me. To use me here, ${ENCRYPTION_FIX}. (I say this at most once a week in a room.)`,
    ),
  );
}

interface EncryptedEvent {
  type: string;
  sender: string;
  event_id: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
}

export interface EncryptedIntakeDeps {
  store: Store;
  /** Where an unreadable poll response is recorded, and whether the bot decrypts at all. */
  proposalDeps: Pick<ProposalDeps, 'store' | 'readability'>;
  now(): number;
  sendNotice(roomId: string, msg: Message, txnId: string): Promise<string>;
}

/** Reactions and edits are not commands: only a message that could be one (or a reply or thread message) is answered. */
function couldBeCommand(content: Record<string, unknown>): boolean {
  const relType = (content['m.relates_to'] as { rel_type?: unknown } | undefined)?.rel_type;
  return relType === undefined || relType === 'm.thread';
}

/**
 * Handles an `m.room.encrypted` event that reached the intake undecrypted. `mayAnswer` is false for events the bot must
 * not answer (history, read back after downtime, ignored users).
 */
export async function handleEncryptedEvent(deps: EncryptedIntakeDeps, roomId: string, event: EncryptedEvent, mayAnswer: boolean): Promise<void> {
  const response = encryptedResponse(roomId, event);
  if (response) {
    // Related to an event by reference: a poll response when the target is one of ours, else nothing we count.
    ingestUnreadableResponse(deps.proposalDeps, response.target, response.response);
    return;
  }
  // With working crypto an undecryptable event is a missing key, not the bot's lack of E2EE: the notice would be wrong.
  if (!mayAnswer || !couldBeCommand(event.content) || deps.proposalDeps.readability?.canDecrypt) return;
  const last = deps.store.notices.encryptedNoticeAt(roomId) ?? 0;
  if (deps.now() - last < ENCRYPTED_NOTICE_INTERVAL_MS) return;
  // Written before sending: a crash in between costs one notice, never a repeat.
  deps.store.notices.setEncryptedNoticeAt(roomId, deps.now());
  await deps.sendNotice(roomId, cannotReadEncryptedMessage(), `fedimoot.encrypted.${event.event_id}`);
}
