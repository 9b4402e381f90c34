// The words of staged cuts and review dates, in one place: the poll question's tail, the notice's lines, the stage
// reminder, the stage applied or superseded, the review reminder and the status line.
import { formatDuration } from '../../governance/duration.ts';
import type { Action, Tally } from '../../governance/types.ts';
import { formatUtc, formatWhen, proposalTitle } from './describe.ts';
import type { ProposalView } from '../contracts/ports.ts';

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

const title = (f: StageFacts) => proposalTitle({ id: f.id, action: f.first, domain: f.domain }, { then: f.then });
const done = (action: Action) => (action === 'suspend' ? 'suspended' : 'limited');

// The messages below are queued as notices (bot/decisions/notices.ts): one string per paragraph.

export function stageReminderLines(f: StageFacts, dueAt: number, now: number, prefix: string): string[] {
  return [
    `Reminder: ${title(f)} goes to its second stage ${formatWhen(dueAt, now)}: ${f.domain} will be ${done(f.then)}.`,
    `A later approved vote on ${f.domain} cancels it; to propose one: ${prefix} propose ${f.domain} <suspend|limit|lift>`,
  ];
}

export function stageAppliedLines(f: StageFacts, did: string): string[] {
  return [`${title(f)}: the second stage is in force on the instance: I ${did}.`];
}

export function stageSupersededLines(f: StageFacts, by: { id: number; action: Action }): string[] {
  return [`${title(f)}: its second stage (${f.then}) will not be applied: ${proposalTitle({ id: by.id, action: by.action, domain: f.domain }, { midSentence: true })}, approved later, supersedes it.`];
}

export function stageFailedLines(f: StageFacts, why: string): string[] {
  return [`Applying the second stage of ${title(f)} failed: ${why}`, 'Fix the cause; the second stage is not retried by itself. Propose the domain again to decide anew.'];
}

/** What changed since a decision, for its review reminder. */
export interface ReviewFacts {
  id: number;
  domain: string;
  action: Action;
  decidedAt: number;
  tally?: Tally;
  /**
   * How many watched peer instances block the domain now; undefined without peer watch (issue 13, being built
   * beside this): the reminder then says nothing of peers.
   */
  peersNow?: { blocking: number; watched: number };
}

export function reviewReminderLines(f: ReviewFacts, prefix: string): string[] {
  const t = f.tally;
  const votes = t ? ` by ${t.yes} yes, ${t.no} no and ${t.abstain} abstain of ${t.eligible} eligible` : '';
  const lines = [`Review due: ${proposalTitle(f, { midSentence: true })} was decided on ${formatUtc(f.decidedAt)}${votes}.`];
  if (f.peersNow) lines.push(`Now ${f.peersNow.blocking} of the ${f.peersNow.watched} watched peer instances block ${f.domain}.`);
  const other = f.action === 'lift' ? 'limit' : 'lift';
  lines.push(`To reconsider it, propose again, e.g. ${prefix} propose ${f.domain} ${other}. Nothing changes unless a new vote decides.`);
  return lines;
}

/** The status lines of a proposal's second stage and review date, for `!moot status <n>`. */
export function stageStatusLines(first: Action, p: { secondStage?: ProposalView['secondStage']; reviewAt?: number }): string[] {
  const lines: string[] = [];
  const s = p.secondStage;
  if (s) {
    const when = s.dueAt !== undefined ? ` on ${formatUtc(s.dueAt)}` : ` ${formatDuration(s.afterMs)} after the ${first} is applied`;
    if (s.status === 'applied') lines.push(`Second stage: ${s.action}, applied${when}`);
    else if (s.status === 'superseded') lines.push(`Second stage: ${s.action}, superseded by proposal ${s.supersededBy ?? '?'}`);
    else lines.push(`Second stage: ${s.action}${when}, unless a later approved vote on the domain decides otherwise`);
  }
  if (p.reviewAt !== undefined) lines.push(`Review due ${formatUtc(p.reviewAt)}`);
  return lines;
}
