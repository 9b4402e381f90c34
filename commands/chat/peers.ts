import type { ChatCommand } from './spec.ts';
import { errorReply, message, paragraph, reply } from './message.ts';
import { NO_PEERS } from './peer-ports.ts';
import { peersMessage } from './peer-words.ts';

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
