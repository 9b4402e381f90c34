// Direct messages from the bot: one DM room per user, the one the Matrix side serves (bot/matrix/direct-rooms.ts),
// so that the user can answer there.
import type { Message } from '../../commands/chat/message.ts';

export interface DirectMessages {
  send(userId: string, msg: Message, txnKey: string): Promise<void>;
}

export interface DirectMessagePort {
  /** The user's direct-message room with the bot, made (and served) when there is none yet. */
  roomFor(userId: string): Promise<string>;
  sendNotice(roomId: string, msg: Message, txnId: string): Promise<string>;
}

export function directMessages(matrix: DirectMessagePort): DirectMessages {
  return {
    async send(userId, msg, txnKey) {
      await matrix.sendNotice(await matrix.roomFor(userId), msg, `fedimoot.dm.${txnKey}`);
    },
  };
}
