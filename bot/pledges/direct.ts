// Direct messages from the bot: one DM room per user, created on first use and remembered (store.meta).
import type { Message } from '../../commands/chat/message.ts';
import type { Store } from '../../storage/store.ts';

export interface DirectMessages {
  send(userId: string, msg: Message, txnKey: string): Promise<void>;
}

export interface DirectMessagePort {
  createDirectRoom(userId: string): Promise<string>;
  sendNotice(roomId: string, msg: Message, txnId: string): Promise<string>;
}

export function directMessages(store: Store, matrix: DirectMessagePort): DirectMessages {
  return {
    async send(userId, msg, txnKey) {
      const key = `dm-room:${userId}`;
      let roomId = store.meta.get(key);
      if (!roomId) {
        roomId = await matrix.createDirectRoom(userId);
        store.meta.set(key, roomId);
      }
      await matrix.sendNotice(roomId, msg, `fedimoot.dm.${txnKey}`);
    },
  };
}
