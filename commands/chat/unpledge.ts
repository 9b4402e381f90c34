import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { errorReply, message, paragraph, privateFromResult } from '../../bot/contracts/message.ts';
import { pledgeDoneWords } from '../../bot/wording/pledge-words.ts';
import { inWords } from '../../bot/wording/refusals.ts';
import { PLEDGES_OFF } from './pledge.ts';

export const unpledgeCommand: PlainCommand = {
  name: 'unpledge',
  summary: 'withdraw one of your pledges',
  access: 'all',
  args: [{ name: 'id', type: 'count', summary: 'the pledge number (see pledges mine)' }],
  async run(ctx, { args }) {
    if (!ctx.pledges?.enabled) return errorReply(message(paragraph(PLEDGES_OFF)));
    const result = ctx.pledges.unpledge(ctx.sender, args.id as number);
    return privateFromResult(inWords(result, ctx.settings.prefix, pledgeDoneWords));
  },
};
