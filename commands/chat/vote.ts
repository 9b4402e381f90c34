import type { AnswerId } from '../../governance/types.ts';
import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { errorReply, message, paragraph, reaction, reply } from '../../bot/contracts/message.ts';
import { proposalTitle, whoMayVoteWords } from '../../bot/wording/describe.ts';
import { refusalMessage } from '../../bot/wording/refusals.ts';

export const voteCommand: PlainCommand = {
  name: 'vote',
  summary: 'vote on an open proposal by text; counts the same as answering the poll',
  access: 'all',
  args: [
    { name: 'n', type: 'proposal', summary: 'the proposal number' },
    { name: 'answer', type: 'answer', summary: 'yes, no or abstain' },
  ],
  async run(ctx, { args }) {
    const result = await ctx.proposals.vote(args.n as number, {
      voter: ctx.sender,
      answer: args.answer as AnswerId,
      eventId: ctx.eventId,
      ts: ctx.eventTs,
      roomId: ctx.roomId,
    });
    if (!result.ok) return errorReply(refusalMessage(result.reason, ctx.settings.prefix));
    if (!result.value.eligible) {
      return reply(message(paragraph(
        `Your vote on ${proposalTitle(result.value.proposal)} is on record but will not be counted: `,
        whoMayVoteWords(result.value.linkedAccountRequired === true, ctx.settings.prefix),
      )));
    }
    // What was counted, so a typo in the number is seen at once; the latest answer counts, so a new one replaces it.
    return reaction(true, message(paragraph(`Counted: ${String(args.answer)} on ${proposalTitle(result.value.proposal)}. Your latest answer counts.`)));
  },
};
