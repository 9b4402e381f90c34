// The texts the bot posts in the rooms of a proposal: the poll, its notice, the reminder and the result.
import type { Message } from '../contracts/message.ts';
import { bold, code, link, list, message, paragraph, type Block } from '../contracts/message.ts';
import { countOf, formatUtc, formatWhen, priorBlockLine, proposalTitle, sinceWords } from './describe.ts';
import { formatFraction, turnoutPercent } from '../../governance/outcome.ts';
import type { Action, Rules } from '../../governance/types.ts';
import type { PollSpec } from '../contracts/rooms-port.ts';
import { stageNoticeLines, stageQuestionTail } from './stage-words.ts';
import type { ProposalView } from '../contracts/ports.ts';

const VERBS: Record<Action, [string, string]> = {
  suspend: ['suspend', 'do not suspend'],
  limit: ['limit', 'do not limit'],
  lift: ['lift the block of', 'keep the block of'],
};

/**
 * What the question says of the block the vote starts from: "(from limit to suspend)", or for a lift of a block no
 * vote here made, "(blocked on the instance since …, not by a vote here)".
 */
function fromTo(p: ProposalView): string {
  const prior = p.priorBlock;
  if (!prior) return '';
  if (p.action === 'lift') return prior.byVote ? '' : ` (blocked on the instance${sinceWords(prior.since)}, not by a vote here)`;
  return prior.action !== p.action ? ` (from ${prior.action} to ${p.action})` : '';
}

export function pollSpec(p: ProposalView): PollSpec {
  const [yes, no] = VERBS[p.action];
  return {
    question: `Proposal ${p.id}: ${yes} ${p.domain}${fromTo(p)}${stageQuestionTail(p.action, p)}?`,
    answers: [
      { id: 'yes', label: `Yes — ${yes} ${p.domain}` },
      { id: 'no', label: `No — ${no} ${p.domain}` },
      { id: 'abstain', label: 'Abstain' },
    ],
    disclosed: p.disclosed,
  };
}

export function rulesSentence(action: Action, rules: Rules, eligible: number): string {
  const t = rules.thresholds[action];
  return (
    `Quorum: at least ${countOf(rules.quorum.minVoters, 'vote')} and ${rules.quorum.minTurnoutPercent}% of the ${countOf(eligible, 'eligible voter')}. ` +
    `Approved when yes is at least ${formatFraction(t)} of yes + no, and more than no.`
  );
}

export function pollNotice(p: ProposalView, eligible: number, prefix: string, now: number, extra: string[] = []): Message {
  const details = [
    [`Voting closes ${p.deadlineAt ? formatWhen(p.deadlineAt, now) : ''}.`],
    [p.rules ? rulesSentence(p.action, p.rules, eligible) : ''],
    ['Vote in the poll, or by text: ', code(`${prefix} vote ${p.id} yes`), ', ', code('no'), ' or ', code('abstain'), '. Your latest answer counts.'],
    [`The ${eligible} members of the proposal's rooms at this moment may vote; people who join later may not.`],
  ];
  const prior = priorBlockLine(p.domain, p.action, p.priorBlock);
  if (prior) details.unshift([prior]);
  if (p.reason) details.push([`Reason: ${p.reason}`]);
  if (p.evidence.length) details.push(['Evidence: ', ...p.evidence.flatMap((url, i) => (i ? [', ', link(url)] : [link(url)]))]);
  for (const line of [...stageNoticeLines(p.domain, p.action, p), ...extra]) details.push([line]);
  if (!p.disclosed) details.push(['The running tally is hidden until the vote closes.']);
  return message(paragraph(bold(`${proposalTitle(p)} is open for voting`), ` — proposed by ${p.proposer}.`), list(details));
}

export function reminderMessage(p: ProposalView, voted: number, eligible: number, prefix: string, now: number): Message {
  return message(paragraph(
    bold(`Reminder: ${proposalTitle(p)}`),
    ` closes ${p.deadlineAt ? formatWhen(p.deadlineAt, now) : 'soon'}. `,
    `Turnout so far: ${voted} of ${eligible} eligible (${turnoutPercent(voted, eligible)}%). Vote in the poll or with `,
    code(`${prefix} vote ${p.id} yes|no|abstain`), '.',
  ));
}

/** How an approved decision reaches the instance, from the config: by itself (maybe after a grace period), by staff, or not at all. */
export type ApplyPlan = { kind: 'auto'; at?: number } | { kind: 'staff'; prefix: string } | { kind: 'none' };

function nextStep(p: ProposalView, plan: ApplyPlan): Block {
  if (p.outcome !== 'approved') return paragraph('Nothing changes.');
  const done = p.action === 'lift' ? 'lifted' : 'applied';
  if (plan.kind === 'none') return paragraph(`No instance is configured; staff ${p.action === 'lift' ? 'lift' : 'apply'} it by hand.`);
  if (plan.kind === 'staff') return paragraph(`The block will be ${done} on the instance when staff run `, code(`${plan.prefix} apply ${p.id}`), '.');
  return paragraph(`The block will be ${done} on the instance${plan.at !== undefined ? ` on ${formatUtc(plan.at)}` : ''}.`);
}

/** `extra` goes between the result line and what happens next (e.g. what unreadable votes mean for the result). */
export function resultMessage(p: ProposalView, resultLine: string, plan: ApplyPlan, extra: Block[] = []): Message {
  return message(paragraph(resultLine), ...extra, nextStep(p, plan));
}

export function endedMessage(p: ProposalView, why: string): Message {
  const after = p.openedAt === undefined ? 'It never came to a vote.' : 'The poll is closed without a count.';
  return message(paragraph(`${proposalTitle(p)} ${why}. ${after}`));
}

/** The answer to a poll end by someone who cannot close the vote: their client, and maybe others', shows the poll ended. */
export function voteGoesOnMessage(p: ProposalView, prefix: string, now: number): Message {
  return message(paragraph(
    `Only a close by staff or the deadline ends the vote on ${proposalTitle(p)}: it goes on until `,
    `${p.deadlineAt ? formatWhen(p.deadlineAt, now) : 'its deadline'}. Your client may show the poll as ended, but answers to it `,
    'are still counted, and ', code(`${prefix} vote ${p.id} yes|no|abstain`), ' works too.',
  ));
}

export function pollEndText(p: ProposalView): string {
  return `Voting on proposal ${p.id} has closed.`;
}
