// Direct messages from the bot: one DM room per user, the one the Matrix side serves (bot/matrix/direct-rooms.ts),
// so that the user can answer there.
import type { Message } from '../contracts/message.ts';
import type { FileAttachment } from '../contracts/personal-impact-ports.ts';

export interface DirectMessages {
  /** The message, then the file (if any) as a reply to it. */
  send(userId: string, msg: Message, txnKey: string, file?: FileAttachment): Promise<void>;
}

export interface DirectMessagePort {
  /** The user's direct-message room with the bot, made (and served) when there is none yet. */
  roomFor(userId: string): Promise<string>;
  sendNotice(roomId: string, msg: Message, txnId: string): Promise<string>;
  sendFile(roomId: string, file: FileAttachment, txnId: string, replyTo?: string): Promise<string>;
}

export function directMessages(matrix: DirectMessagePort): DirectMessages {
  return {
    async send(userId, msg, txnKey, file) {
      const roomId = await matrix.roomFor(userId);
      const eventId = await matrix.sendNotice(roomId, msg, `fedimoot.dm.${txnKey}`);
      if (file) await matrix.sendFile(roomId, file, `fedimoot.dm.${txnKey}.file`, eventId);
    },
  };
}
