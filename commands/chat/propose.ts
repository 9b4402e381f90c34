import type { Action } from '../../governance/types.ts';
import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { announced, code, errorReply, message, paragraph, reply } from '../../bot/contracts/message.ts';
import { priorBlockLine, proposalTitle } from '../../bot/wording/describe.ts';
import { blockListCaveat, refusalMessage } from '../../bot/wording/refusals.ts';
import { checkReviewAfter, checkStage, REVIEW_AFTER_BOUNDS, STAGE_AFTER_BOUNDS } from '../../governance/stages.ts';

export const proposeCommand: PlainCommand = {
  name: 'propose',
  summary: 'propose to suspend, limit, or lift the block of a domain; opens a poll',
  access: 'all',
  args: [
    { name: 'domain', type: 'domain', summary: 'the instance, e.g. threads.net' },
    { name: 'action', type: 'action', summary: 'suspend, limit, or lift (remove the block)' },
  ],
  options: [
    { name: 'reason', type: 'text', summary: 'the public reason, shown in the log' },
    { name: 'evidence', type: 'url', summary: 'a link to public evidence (repeat for more)', repeatable: true },
    { name: 'private', type: 'text', summary: 'a comment only staff see' },
    { name: 'reject-media', type: 'flag', summary: 'also reject their media files' },
    { name: 'reject-reports', type: 'flag', summary: 'also ignore their reports' },
    { name: 'obfuscate', type: 'flag', summary: 'hide the domain partly in the public list' },
    { name: 'duration', type: 'duration', summary: 'how long the vote runs, e.g. 7d or 36h' },
    { name: 'then', type: 'action', summary: 'a stricter second stage, e.g. limit --then suspend --after 30d', valueName: 'suspend' },
    { name: 'after', type: 'duration', summary: 'when the second stage applies, after the first, e.g. 30d', valueName: '30d' },
    { name: 'review', type: 'duration', summary: 'ask the rooms to reconsider the decision this long after, e.g. 1y', valueName: '1y' },
  ],
  async run(ctx, { args, options }) {
    const { prefix } = ctx.settings;
    if (ctx.settings.whoMayPropose === 'staff' && !(ctx.roomKind === 'staff' && (await ctx.isStaff()))) {
      const staffRooms = ctx.settings.rooms?.staff.length ? ` (${ctx.settings.rooms.staff.join(' or ')})` : '';
      return errorReply(message(paragraph(`Only staff may propose (governance.whoMayPropose is staff): staff write it in a staff room${staffRooms}.`)));
    }
    const { minStageAfterMs, minReviewAfterMs } = ctx.settings;
    const stageBounds = { ...STAGE_AFTER_BOUNDS, ...(minStageAfterMs !== undefined ? { minMs: minStageAfterMs } : {}) };
    const staged = checkStage({ first: args.action as Action, then: options.then as Action | undefined, afterMs: options.after as number | undefined }, args.domain as string, prefix, stageBounds);
    if (!staged.ok) return errorReply(message(paragraph(staged.reason)));
    const reviewAfterMs = options.review as number | undefined;
    const reviewBounds = { ...REVIEW_AFTER_BOUNDS, ...(minReviewAfterMs !== undefined ? { minMs: minReviewAfterMs } : {}) };
    const badReview = reviewAfterMs === undefined ? undefined : checkReviewAfter(reviewAfterMs, reviewBounds);
    if (badReview) return errorReply(message(paragraph(badReview)));
    const result = await ctx.proposals.propose({
      domain: args.domain as string,
      action: args.action as Action,
      options: {
        rejectMedia: options['reject-media'] === true,
        rejectReports: options['reject-reports'] === true,
        obfuscate: options.obfuscate === true,
      },
      reason: options.reason as string | undefined,
      privateComment: options.private as string | undefined,
      evidence: (options.evidence as string[] | undefined) ?? [],
      durationMs: options.duration as number | undefined,
      secondStage: staged.stage,
      reviewAfterMs,
      proposer: ctx.sender,
      roomId: ctx.roomId,
      eventId: ctx.eventId,
    });
    if (!result.ok) return errorReply(refusalMessage(result.reason, prefix));
    const p = result.value;
    const caveat = p.blockListUnread === undefined ? undefined : blockListCaveat(p.blockListUnread);
    // What the proposer should know beside the number: the block the vote starts from, and how it was checked.
    const context = [priorBlockLine(p.domain, p.action, p.priorBlock), caveat].filter((l): l is string => l !== undefined).map((l) => paragraph(l));
    if (p.state === 'proposed') {
      return reply(message(paragraph(
        `${proposalTitle(p)} is recorded. It needs ${p.secondsRequired} second${p.secondsRequired === 1 ? '' : 's'} before the vote opens: `,
        code(`${prefix} second ${p.id}`), '.',
      ), ...context));
    }
    // Open: the poll's notice in this room answers the command. Only a caveat about how it was checked is said apart.
    if (caveat) return reply(message(paragraph(`${proposalTitle(p)} is open; its poll and notice follow. ${caveat}`)));
    return announced;
  },
};
