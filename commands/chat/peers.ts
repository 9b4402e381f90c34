import type { ChatCommand } from '../../bot/contracts/spec.ts';
import { errorReply, message, paragraph, reply } from '../../bot/contracts/message.ts';
import { NO_PEERS } from '../../bot/contracts/peer-ports.ts';
import { peersMessage } from '../../bot/wording/peer-words.ts';

export const peersCommand: ChatCommand = {
  name: 'peers',
  summary: 'who still federates with a domain: how many watched peer instances block it (at what severity), federate with it, publish no list, or could not be read',
  access: 'all',
  args: [{ name: 'domain', type: 'domain', summary: 'the instance, e.g. threads.net' }],
  async run(ctx, { args }) {
    if (!ctx.peers) return errorReply(message(paragraph(NO_PEERS)));
    return reply(peersMessage(await ctx.peers.watch(String(args.domain))));
  },
};
