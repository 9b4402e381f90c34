import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { errorReply, message, paragraph, privateFromResult } from '../../bot/contracts/message.ts';
import { pledgeDoneWords } from '../../bot/wording/pledge-words.ts';
import { inWords } from '../../bot/wording/refusals.ts';

export const PLEDGES_OFF = 'Pledges are turned off on this bot (pledges.enabled in its config).';

export const pledgeCommand: PlainCommand = {
  name: 'pledge',
  summary: 'pledge an amount, e.g. 5 EUR monthly, optionally as long as a domain stays blocked',
  access: 'all',
  args: [{
    name: 'terms', type: 'text', rest: true, usage: '<amount> <currency> [monthly|yearly|once]',
    summary: 'amount, currency and period (default monthly): 5 EUR, 5.50 EUR yearly, €5 once',
  }],
  options: [
    { name: 'while', type: 'text', valueName: '<domain>', summary: 'only as long as this domain stays blocked' },
    { name: 'while-suspended', type: 'text', valueName: '<domain>', summary: 'only as long as this domain stays suspended' },
  ],
  async run(ctx, { args, options }) {
    if (!ctx.pledges?.enabled) return errorReply(message(paragraph(PLEDGES_OFF)));
    const result = ctx.pledges.pledge({
      pledger: ctx.sender,
      terms: String(args.terms).split(/\s+/).filter(Boolean),
      whileBlocked: options.while as string | undefined,
      whileSuspended: options['while-suspended'] as string | undefined,
      eventId: ctx.eventId,
    });
    return privateFromResult(inWords(result, ctx.settings.prefix, pledgeDoneWords));
  },
};
