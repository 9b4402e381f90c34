// The words of staged cuts and review dates, in one place: the poll question's tail, the notice's lines, the stage
// reminder, the stage applied or superseded, the review reminder and the status line.
import { formatDuration } from '../../governance/duration.ts';
import type { Action, Tally } from '../../governance/types.ts';
import { formatUtc, formatWhen } from './describe.ts';
import { bold, code, message, paragraph, type Message } from './message.ts';

export interface StagePlan {
  secondStage?: { action: Action; afterMs: number };
  reviewAfterMs?: number;
}

/** The poll question's tail for a staged proposal: " (then suspend 30d after the limit is applied)". */
export function stageQuestionTail(first: Action, plan: StagePlan): string {
  const s = plan.secondStage;
  return s ? ` (then ${s.action} ${formatDuration(s.afterMs)} after the ${first} is applied)` : '';
}

/** The notice's lines about the second stage and the review date. */
export function stageNoticeLines(domain: string, first: Action, plan: StagePlan): string[] {
  const lines: string[] = [];
  const s = plan.secondStage;
  if (s) {
    lines.push(
      `Two stages: a yes approves ${first} now and ${s.action} ${formatDuration(s.afterMs)} after the ${first} is applied, ` +
        `unless a later approved vote on ${domain} decides otherwise first.`,
    );
  }
  if (plan.reviewAfterMs !== undefined) lines.push(`If approved, the rooms are asked to reconsider it ${formatDuration(plan.reviewAfterMs)} after the vote.`);
  return lines;
}

export interface StageFacts {
  id: number;
  domain: string;
  first: Action;
  then: Action;
}

const title = (f: StageFacts) => `Proposal ${f.id} (${f.first} ${f.domain}, then ${f.then})`;

export function stageReminderMessage(f: StageFacts, dueAt: number, now: number, prefix: string): Message {
  return message(paragraph(
    bold(`Reminder: ${title(f)}`),
    ` goes to its second stage ${formatWhen(dueAt, now)}: ${f.domain} will be ${f.then === 'suspend' ? 'suspended' : 'limited'}. `,
    'A later approved vote on the domain cancels it; to propose one: ', code(`${prefix} propose ${f.domain} <suspend|limit|lift>`), '.',
  ));
}

export function stageAppliedMessage(f: StageFacts): Message {
  return message(paragraph(`${title(f)}: the second stage is applied; ${f.domain} is now ${f.then === 'suspend' ? 'suspended' : 'limited'} on the instance.`));
}

export function stageFailedMessage(f: StageFacts, why: string, prefix: string): Message {
  return message(paragraph(`${title(f)}: applying the second stage (${f.then}) failed: ${why}. Staff can retry with `, code(`${prefix} apply ${f.id}`), '.'));
}

export function stageSupersededMessage(f: StageFacts, by: { id: number; action: Action }): Message {
  return message(paragraph(
    `${title(f)}: its second stage (${f.then}) will not be applied: proposal ${by.id} (${by.action} ${f.domain}), approved later, supersedes it.`,
  ));
}

/** What changed since a decision, for its review reminder. `peersNow`: from peer watch, when it exists. */
export interface ReviewFacts {
  id: number;
  domain: string;
  action: Action;
  decidedAt: number;
  tally?: Tally;
  /** How many peer instances block the domain now, and of how many watched; undefined without peer watch. */
  peersNow?: { blocking: number; watched: number };
}

export function reviewReminderMessage(f: ReviewFacts, prefix: string): Message {
  const votes = f.tally ? ` (${f.tally.yes} yes, ${f.tally.no} no, ${f.tally.abstain} abstain of ${f.tally.eligible} eligible)` : '';
  const peers = f.peersNow
    ? ` Now ${f.peersNow.blocking} of the ${f.peersNow.watched} watched peer instances block ${f.domain}.`
    : '';
  const other = f.action === 'lift' ? 'suspend' : 'lift';
  return message(paragraph(
    bold(`Review due: proposal ${f.id} (${f.action} ${f.domain})`),
    ` was decided on ${formatUtc(f.decidedAt)}${votes}.${peers} To reconsider it, propose again: `,
    code(`${prefix} propose ${f.domain} ${other}`), ' (or another action).',
  ));
}

/** The status line of a decision's plan: its pending second stage and review date. */
export function stagePlanStatus(first: Action, plan: StagePlan & { stageDueAt?: number; reviewAt?: number }): string | undefined {
  const parts: string[] = [];
  const s = plan.secondStage;
  if (s) parts.push(plan.stageDueAt !== undefined ? `then ${s.action} on ${formatUtc(plan.stageDueAt)}` : `then ${s.action} ${formatDuration(s.afterMs)} after the ${first} is applied`);
  if (plan.reviewAt !== undefined) parts.push(`review due ${formatUtc(plan.reviewAt)}`);
  return parts.length ? parts.join('; ') : undefined;
}
