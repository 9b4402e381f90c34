import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { announced, errorReply } from '../../bot/contracts/message.ts';
import { refusalMessage } from '../../bot/wording/refusals.ts';

export const cancelCommand: PlainCommand = {
  name: 'cancel',
  summary: 'cancel a proposal without counting it',
  access: 'staff',
  args: [
    { name: 'n', type: 'proposal', summary: 'the proposal number' },
    { name: 'reason', type: 'text', summary: 'why, shown to everyone', optional: true, rest: true },
  ],
  async run(ctx, { args }) {
    const result = await ctx.proposals.cancel(args.n as number, ctx.sender, args.reason as string | undefined, { roomId: ctx.roomId, eventId: ctx.eventId });
    if (!result.ok) return errorReply(refusalMessage(result.reason, ctx.settings.prefix));
    // The cancel, with its reason, is announced in every room of the proposal; here it answers the command.
    return announced;
  },
};
