import type { ChatCommand } from '../../bot/contracts/spec.ts';
import { errorReply, message, paragraph, replyFromResult } from '../../bot/contracts/message.ts';
import { NO_INSTANCE } from '../../bot/contracts/instance-ports.ts';

export const applyCommand: ChatCommand = {
  name: 'apply',
  summary: 'apply an approved decision on the instance now, or retry one whose application failed or is stuck',
  access: 'staff',
  args: [{ name: 'n', type: 'proposal', summary: 'the proposal number' }],
  options: [{ name: 'dry-run', type: 'flag', summary: 'only say what would be done' }],
  async run(ctx, { args, options }) {
    if (!ctx.instance) return errorReply(message(paragraph(NO_INSTANCE)));
    const result = await ctx.instance.apply(args.n as number, ctx.sender, options['dry-run'] === true);
    return replyFromResult(result);
  },
};
