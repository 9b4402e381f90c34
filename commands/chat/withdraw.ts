import type { ChatCommand } from './spec.ts';
import { errorReply, message, paragraph, reply } from './message.ts';
import { proposalTitle } from './describe.ts';

export const withdrawCommand: ChatCommand = {
  name: 'withdraw',
  summary: 'withdraw your own proposal before its vote closes',
  access: 'all',
  args: [{ name: 'n', type: 'proposal', summary: 'the proposal number' }],
  async run(ctx, { args }) {
    const result = await ctx.proposals.withdraw(args.n as number, ctx.sender);
    if (!result.ok) return errorReply(message(paragraph(result.reason)));
    return reply(message(paragraph(`${proposalTitle(result.value)} is withdrawn; its poll is closed without a count.`)));
  },
};
