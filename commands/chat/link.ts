import type { ChatCommand } from '../../bot/contracts/spec.ts';
import { errorReply, message, paragraph, privateFromResult } from '../../bot/contracts/message.ts';
import { NO_INSTANCE } from '../../bot/contracts/instance-ports.ts';

export const linkCommand: ChatCommand = {
  name: 'link',
  summary: 'link your Matrix account to your account on the instance (a code is sent there)',
  access: 'all',
  args: [{ name: 'account', type: 'word', summary: 'your handle on the instance, e.g. @alice@example.social' }],
  async run(ctx, { args }) {
    if (!ctx.links) return errorReply(message(paragraph(NO_INSTANCE)));
    const result = await ctx.links.link(ctx.sender, String(args.account));
    return privateFromResult(result);
  },
};

export const verifyCommand: ChatCommand = {
  name: 'verify',
  summary: 'complete a link with the code the bot sent you on the instance',
  access: 'all',
  args: [{ name: 'code', type: 'word', summary: 'the code from the direct message' }],
  async run(ctx, { args }) {
    if (!ctx.links) return errorReply(message(paragraph(NO_INSTANCE)));
    const result = await ctx.links.verify(ctx.sender, String(args.code));
    return privateFromResult(result);
  },
};

export const unlinkCommand: ChatCommand = {
  name: 'unlink',
  summary: 'remove the link between your Matrix account and your instance account',
  access: 'all',
  args: [],
  async run(ctx) {
    if (!ctx.links) return errorReply(message(paragraph(NO_INSTANCE)));
    const result = ctx.links.unlink(ctx.sender);
    return privateFromResult(result);
  },
};
