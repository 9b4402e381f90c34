import type { InstanceCommand } from '../../bot/contracts/spec.ts';
import { privateFromResult } from '../../bot/contracts/message.ts';
import { linkDoneWords } from '../../bot/wording/link-words.ts';
import { inWords } from '../../bot/wording/refusals.ts';

export const linkCommand: InstanceCommand<'links'> = {
  name: 'link',
  summary: 'link your Matrix account to your account on the instance (a code is sent there)',
  access: 'all',
  needs: ['links'],
  args: [{ name: 'account', type: 'word', summary: 'your handle on the instance, e.g. @alice@example.social' }],
  async run(ctx, { args }) {
    const result = await ctx.links.link(ctx.sender, String(args.account));
    return privateFromResult(inWords(result, ctx.settings.prefix, (done) => linkDoneWords(done, ctx.settings.prefix)));
  },
};

export const verifyCommand: InstanceCommand<'links'> = {
  name: 'verify',
  summary: 'complete a link with the code the bot sent you on the instance',
  access: 'all',
  needs: ['links'],
  args: [{ name: 'code', type: 'word', summary: 'the code from the direct message' }],
  async run(ctx, { args }) {
    const result = await ctx.links.verify(ctx.sender, String(args.code));
    return privateFromResult(inWords(result, ctx.settings.prefix, (done) => linkDoneWords(done, ctx.settings.prefix)));
  },
};

export const unlinkCommand: InstanceCommand<'links'> = {
  name: 'unlink',
  summary: 'remove the link between your Matrix account and your instance account',
  access: 'all',
  needs: ['links'],
  args: [],
  async run(ctx) {
    const result = ctx.links.unlink(ctx.sender);
    return privateFromResult(inWords(result, ctx.settings.prefix, (done) => linkDoneWords(done, ctx.settings.prefix)));
  },
};
