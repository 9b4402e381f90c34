// Shared wording for proposals, so every command and announcement names things the same way.
// The subpath: the package's index loads every one of its modules (about 150 MB of memory).
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import type { ProposalView } from '../contracts/ports.ts';
import type { PriorBlock } from '../../governance/proposal-check.ts';
import type { Inline } from '../contracts/message.ts';
import { bold } from '../contracts/message.ts';
import { proposalTitle } from '../../governance/proposal-title.ts';

/** Defined in governance (the result line names proposals too); here for every message that names one. */
export { proposalTitle };

export const STATE_WORDS: Record<ProposalView['state'], string> = {
  proposed: 'waiting for seconds',
  open: 'open for voting',
  closed: 'closed, being counted',
  approved: 'approved, awaiting application',
  rejected: 'rejected',
  no_quorum: 'failed: no quorum',
  withdrawn: 'withdrawn',
  cancelled: 'cancelled',
  applying: 'approved, being applied',
  applied: 'approved and applied',
  apply_failed: 'approved, application failed',
};

/** "1 vote", "2 votes": a count with its noun agreeing (`plural` when not just an added s). */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}


export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatWhen(ms: number, now: number): string {
  // Rounded to the minute (to the second under a minute) first, so a deadline an hour off less a few milliseconds
  // reads "in 1 hour", not "in 60 minutes", and every message about one deadline says the same.
  const diff = ms - now;
  const step = Math.abs(diff) >= 60_000 ? 60_000 : 1000;
  const distance = formatDistanceStrict(now + Math.round(diff / step) * step, now, { addSuffix: true });
  return `${formatUtc(ms)} (${distance})`;
}

export function optionWords(p: ProposalView): string[] {
  const words: string[] = [];
  if (p.options.rejectMedia) words.push('reject media');
  if (p.options.rejectReports) words.push('reject reports');
  if (p.options.obfuscate) words.push('obfuscated in public');
  return words;
}

/**
 * A closed proposal that already has its result line was counted incomplete (unreadable encrypted votes could change
 * its outcome, see governance/unreadable.ts): it stays closed, without a decision.
 */
function stateWords(p: ProposalView): string {
  return p.state === 'closed' && p.resultLine !== undefined ? 'closed, incomplete: no decision' : STATE_WORDS[p.state];
}

export function proposalHeadline(p: ProposalView): Inline[] {
  const options = optionWords(p);
  return [bold(proposalTitle(p)), `: ${stateWords(p)}`, options.length ? ` · ${options.join(', ')}` : ''];
}

/** " since 2026-01-02", from the instance's creation time of a block, when it gave one. */
export function sinceWords(createdAt: string | undefined): string {
  return createdAt && !Number.isNaN(Date.parse(createdAt)) ? ` since ${new Date(createdAt).toISOString().slice(0, 10)}` : '';
}

/** How a domain stands under a block of each action: "threads.net is suspended". */
export const BLOCKED_AS = { limit: 'limited', suspend: 'suspended' } as const;

/** The line a poll's notice and the proposer's reply carry when the proposal changes a block the instance has. */
export function priorBlockLine(domain: string, action: string, prior: PriorBlock | undefined): string | undefined {
  if (!prior) return undefined;
  const since = sinceWords(prior.since);
  const how = prior.byVote ? '' : ', not by a vote here';
  if (action === 'lift') return `${domain} is blocked on the instance${since}${how}: this vote is on lifting that block.`;
  if (prior.action === action) return `${domain} is ${BLOCKED_AS[prior.action]} on the instance${since}${how}: this vote is on changing its options.`;
  return `${domain} is ${BLOCKED_AS[prior.action]} on the instance${since}${how}: this vote is on going from ${prior.action} to ${action}.`;
}

/** Who may vote, for the reply to someone who may not; `linkedRequired`: governance.eligibility.requireLinkedAccount. */
export function whoMayVoteWords(linkedRequired: boolean, prefix: string): string {
  return linkedRequired
    ? `only members of its rooms when the poll opened whose linked local account was readable, in good standing and old enough then may vote on it (\`${prefix} link\` links yours for later votes).`
    : 'only members of its rooms when the poll opened may vote on it.';
}
