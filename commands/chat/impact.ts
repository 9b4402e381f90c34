import type { ChatCommand } from './spec.ts';
import { errorReply, message, paragraph, reply } from './message.ts';
import { NO_INSTANCE } from './instance-ports.ts';
import { describeImpact } from './impact-words.ts';

export const impactCommand: ChatCommand = {
  name: 'impact',
  summary: 'what a block of a domain would cut: follows, followers, accounts, reports',
  access: 'all',
  args: [{ name: 'domain', type: 'domain', summary: 'the instance, e.g. threads.net' }],
  async run(ctx, { args }) {
    if (!ctx.instance) return errorReply(message(paragraph(NO_INSTANCE)));
    const domain = args.domain as string;
    const result = await ctx.instance.impact(domain);
    if (!result.ok) return errorReply(message(paragraph(result.reason)));
    const words = describeImpact(result.value);
    return reply(message(paragraph(`Blocking ${domain} (with its subdomains) would affect: ${words}.`)));
  },
};
