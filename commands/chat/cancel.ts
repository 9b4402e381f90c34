import type { ChatCommand } from './spec.ts';
import { errorReply, message, paragraph, reply } from './message.ts';
import { proposalTitle } from './describe.ts';

export const cancelCommand: ChatCommand = {
  name: 'cancel',
  summary: 'cancel a proposal without counting it',
  access: 'staff',
  args: [
    { name: 'n', type: 'proposal', summary: 'the proposal number' },
    { name: 'reason', type: 'text', summary: 'why, shown to everyone', optional: true, rest: true },
  ],
  async run(ctx, { args }) {
    const result = await ctx.proposals.cancel(args.n as number, ctx.sender, args.reason as string | undefined);
    if (!result.ok) return errorReply(message(paragraph(result.reason)));
    return reply(message(paragraph(`${proposalTitle(result.value)} is cancelled.`)));
  },
};
