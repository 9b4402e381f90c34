import type { CommandContext, PlainCommand } from '../../bot/contracts/spec.ts';
import type { ProposalView } from '../../bot/contracts/ports.ts';
import type { Inline } from '../../bot/contracts/message.ts';
import { code, errorReply, link, list, message, paragraph, reply } from '../../bot/contracts/message.ts';
import { formatWhen, proposalHeadline, proposalTitle } from '../../bot/wording/describe.ts';
import { stageStatusLines } from '../../bot/wording/stage-words.ts';

function detailLines(ctx: CommandContext, p: ProposalView): Inline[][] {
  const lines: Inline[][] = [[`Proposed by ${p.proposer}`]];
  if (p.reason) lines.push([`Reason: ${p.reason}`]);
  if (p.evidence.length) lines.push(['Evidence: ', ...p.evidence.flatMap((url, i) => (i ? [', ', link(url)] : [link(url)]))]);
  if (p.privateComment && ctx.roomKind === 'staff') lines.push([`Private comment (staff only): ${p.privateComment}`]);
  if (p.state === 'proposed') lines.push([`Seconds: ${p.secondsHave} of ${p.secondsRequired} — `, code(`${ctx.settings.prefix} second ${p.id}`)]);
  if (p.deadlineAt && (p.state === 'open' || p.state === 'proposed')) lines.push([`Voting closes ${formatWhen(p.deadlineAt, ctx.eventTs)}`]);
  if (p.state === 'open') {
    const turnout = ctx.proposals.turnout(p.id);
    lines.push([`Turnout so far: ${turnout.voted} of ${turnout.eligible} eligible`]);
    if (p.disclosed && p.tally) lines.push([`So far: yes ${p.tally.yes} · no ${p.tally.no} · abstain ${p.tally.abstain}`]);
  }
  if (p.resultLine) lines.push([p.resultLine]);
  for (const line of stageStatusLines(p.action, p)) lines.push([line]);
  if (p.applyError && ctx.roomKind === 'staff' && (p.state === 'applying' || p.state === 'apply_failed')) {
    lines.push([`Last error applying it (staff only): ${p.applyError} — `, code(`${ctx.settings.prefix} apply ${p.id}`), ' tries again']);
  }
  return lines;
}

export const statusCommand: PlainCommand = {
  name: 'status',
  summary: 'the open proposals, or one proposal in detail',
  access: 'all',
  args: [{ name: 'n', type: 'proposal', summary: 'a proposal number', optional: true }],
  async run(ctx, { args }) {
    const id = args.n as number | undefined;
    if (id !== undefined) {
      const p = ctx.proposals.get(id);
      if (!p) return errorReply(message(paragraph(`There is no proposal ${id}. `, code(`${ctx.settings.prefix} status`), ' lists the open ones.')));
      return reply(message(paragraph(...proposalHeadline(p)), list(detailLines(ctx, p))));
    }
    const active = ctx.proposals.active();
    if (active.length === 0) {
      return reply(message(paragraph('No proposal is open. ', code(`${ctx.settings.prefix} propose <domain> <suspend|limit|lift>`), ' starts one.')));
    }
    return reply(message(
      paragraph(`${active.length} proposal${active.length === 1 ? '' : 's'} in progress:`),
      list(active.map((p) => [
        proposalTitle(p),
        p.state === 'open' && p.deadlineAt ? ` — closes ${formatWhen(p.deadlineAt, ctx.eventTs)}` : ` — ${p.secondsHave} of ${p.secondsRequired} seconds`,
      ])),
    ));
  },
};
