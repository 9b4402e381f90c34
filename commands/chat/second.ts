import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { errorReply, message, paragraph, reaction } from '../../bot/contracts/message.ts';
import { refusalMessage } from '../../bot/wording/refusals.ts';
import { proposalTitle } from '../../bot/wording/describe.ts';

export const secondCommand: PlainCommand = {
  name: 'second',
  summary: 'support a proposal so that its vote opens',
  access: 'all',
  args: [{ name: 'n', type: 'proposal', summary: 'the proposal number' }],
  async run(ctx, { args }) {
    const result = await ctx.proposals.second(args.n as number, ctx.sender);
    if (!result.ok) return errorReply(refusalMessage(result.reason, ctx.settings.prefix));
    const p = result.value;
    // Opened: its poll and notice follow in every room; a reaction says the second was taken.
    if (p.state === 'open') return reaction(true);
    return reaction(true, message(paragraph(`${proposalTitle(p)}: ${p.secondsHave} of ${p.secondsRequired} seconds.`)));
  },
};
