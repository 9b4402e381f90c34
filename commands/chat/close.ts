import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { announced, errorReply } from '../../bot/contracts/message.ts';
import { refusalMessage } from '../../bot/wording/refusals.ts';

export const closeCommand: PlainCommand = {
  name: 'close',
  summary: 'close a vote now and count it',
  access: 'staff',
  args: [{ name: 'n', type: 'proposal', summary: 'the proposal number' }],
  async run(ctx, { args }) {
    const result = await ctx.proposals.close(args.n as number, ctx.sender, { roomId: ctx.roomId, eventId: ctx.eventId });
    if (!result.ok) return errorReply(refusalMessage(result.reason, ctx.settings.prefix));
    // The result, announced in every room of the proposal, answers the command here.
    return announced;
  },
};
