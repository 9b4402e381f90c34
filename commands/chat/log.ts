import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { list, message, paragraph, reply } from '../../bot/contracts/message.ts';
import { formatUtc, proposalTitle, STATE_WORDS } from '../../bot/wording/describe.ts';
import type { ProposalView } from '../../bot/contracts/ports.ts';

/** A voted decision by its result line; one recorded from the instance's existing blocks says it was not voted. */
function describeDecision(p: ProposalView): string {
  if (p.resultLine) return p.resultLine;
  if (p.imported) return `${proposalTitle(p)}: recorded from the instance's existing blocks, not voted here (${STATE_WORDS[p.state]})`;
  return `${proposalTitle(p)}: ${STATE_WORDS[p.state]}`;
}

export const logCommand: PlainCommand = {
  name: 'log',
  summary: 'the most recent decisions',
  access: 'all',
  args: [{ name: 'count', type: 'count', summary: 'how many (default 10)', optional: true }],
  async run(ctx, { args }) {
    const count = Math.min((args.count as number | undefined) ?? 10, 50);
    const decisions = ctx.proposals.recentDecisions(count);
    if (decisions.length === 0) return reply(message(paragraph('No decision has been made yet.')));
    return reply(message(
      paragraph(decisions.length === 1 ? 'The last decision:' : `The last ${decisions.length} decisions:`),
      list(decisions.map((p) => [describeDecision(p), p.closedAt ? ` (${formatUtc(p.closedAt)})` : ''])),
    ));
  },
};
