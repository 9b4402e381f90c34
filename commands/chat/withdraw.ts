import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { announced, errorReply } from '../../bot/contracts/message.ts';
import { refusalMessage } from '../../bot/wording/refusals.ts';

export const withdrawCommand: PlainCommand = {
  name: 'withdraw',
  summary: 'withdraw your own proposal before its vote closes',
  access: 'all',
  args: [{ name: 'n', type: 'proposal', summary: 'the proposal number' }],
  async run(ctx, { args }) {
    const result = await ctx.proposals.withdraw(args.n as number, ctx.sender, { roomId: ctx.roomId, eventId: ctx.eventId });
    if (!result.ok) return errorReply(refusalMessage(result.reason, ctx.settings.prefix));
    // The withdrawal is announced in every room of the proposal; here it answers the command.
    return announced;
  },
};
