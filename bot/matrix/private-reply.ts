// A private answer (pledges, account links) to a command written in a room: the answer goes to the sender's direct
// message with the bot; the command is redacted where the bot may, so the room no longer reads it; the room gets a
// pointer that says truthfully what it did. Nothing here says "only you see it" unless that is so.
import type { Message } from '../contracts/message.ts';
import type { FileAttachment } from '../contracts/personal-impact-ports.ts';
import { message, paragraph } from '../contracts/message.ts';
import type { Logger } from '../logger.ts';

export interface PrivateReplyChat {
  mayRedact(roomId: string, userId: string): Promise<boolean>;
  redact(roomId: string, eventId: string, reason: string, txnId: string): Promise<void>;
  replyInThread(roomId: string, command: { eventId: string; threadRoot?: string }, msg: Message, txnId: string): Promise<string>;
}

/** Sends a message to the user's direct-message room with the bot (made when there is none). */
export interface DirectSender {
  send(userId: string, msg: Message, txnKey: string, file?: FileAttachment): Promise<void>;
}

export interface PrivateCommand {
  roomId: string;
  eventId: string;
  threadRoot?: string;
  sender: string;
}

const REDACT_REASON = 'a personal command: the bot answered it in a direct message';

/** Redacts the command when the bot has the power to; false when it may not or the homeserver refused. */
async function removeCommand(chat: PrivateReplyChat, botUserId: string, command: PrivateCommand, logger: Logger): Promise<boolean> {
  try {
    if (!(await chat.mayRedact(command.roomId, botUserId))) return false;
    await chat.redact(command.roomId, command.eventId, REDACT_REASON, `fedimoot.private.${command.eventId}`);
    return true;
  } catch (error) {
    logger.warn({ err: error, room: command.roomId, event: command.eventId }, 'could not redact a personal command');
    return false;
  }
}

export async function sendPrivateReply(
  deps: { chat: PrivateReplyChat; direct?: DirectSender; botUserId: string; logger: Logger },
  command: PrivateCommand,
  answer: Message,
  file?: FileAttachment,
): Promise<void> {
  const removed = await removeCommand(deps.chat, deps.botUserId, command, deps.logger);
  const where = removed
    ? 'You wrote this in a room; I removed your command there, so only you and I read this answer.'
    : 'You wrote this in a room, where your command is still visible: I may not remove messages there. Next time write it to me here.';
  let delivered = false;
  if (deps.direct) {
    try {
      await deps.direct.send(command.sender, message(...answer.blocks, paragraph(where)), `private.${command.eventId}`, file);
      delivered = true;
    } catch (error) {
      deps.logger.warn({ err: error, user: command.sender }, 'could not send a private answer by direct message');
    }
  }
  const pointer = delivered
    ? removed
      ? 'I answered you in our direct message, and removed your command from this room so nobody else reads it.'
      : 'I answered you in our direct message. I cannot remove your command from this room (my power level is below its redact level), so others can read it; next time write it to me in a direct message.'
    : `I could not send you a direct message, so the answer is not posted here either${removed ? ' (I removed your command from this room)' : ''}. Start a direct chat with me and write the command there.`;
  await deps.chat.replyInThread(command.roomId, { eventId: command.eventId, threadRoot: command.threadRoot }, message(paragraph(pointer)), `fedimoot.reply.${command.eventId}`);
}
