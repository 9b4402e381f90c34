import type { ChatCommand } from './spec.ts';
import { errorReply, message, paragraph, reply } from './message.ts';
import { proposalTitle } from './describe.ts';

export const closeCommand: ChatCommand = {
  name: 'close',
  summary: 'close a vote now and count it',
  access: 'staff',
  args: [{ name: 'n', type: 'proposal', summary: 'the proposal number' }],
  async run(ctx, { args }) {
    const result = await ctx.proposals.close(args.n as number, ctx.sender);
    if (!result.ok) return errorReply(message(paragraph(result.reason)));
    const p = result.value;
    return reply(message(paragraph(p.resultLine ?? `${proposalTitle(p)} is closed; the result follows in every room.`)));
  },
};
