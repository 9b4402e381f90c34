// The lines a poll's notice carries beside the vote itself: the block's impact, the pledges at stake, who may vote
// when a linked account is required.
import type { Impact } from '../../governance/blocks.ts';
import { describeTotal, type CurrencyTotal } from '../../governance/pledges.ts';
import { describeImpact } from './impact-words.ts';

/** `figures`: what the instance reported; `refused`: the status of its refusal of the bot's token; neither: no answer. */
export function impactNoticeLine(read: { figures: Impact | undefined } | { refused: number | undefined } | { unanswered: true }): string {
  if ('figures' in read) return `Impact of a block: ${describeImpact(read.figures)}.`;
  // A refused token is said as such (staff fix it with fedimoot check), never as figures this server lacks.
  if ('refused' in read) return `Impact of a block: not shown, the instance refused the bot's token (${read.refused}); staff can run fedimoot check.`;
  return 'Impact of a block: not shown, the instance did not answer.';
}

/** How much the proposal puts at stake, in totals only; undefined when nothing. */
export function atStakeLine(totals: readonly CurrencyTotal[]): string | undefined {
  if (totals.length === 0) return undefined;
  return `At stake: ${totals.map(describeTotal).join('; ')} depends on the block this proposal would remove or weaken.`;
}

/** governance.eligibility.requireLinkedAccount in words; undefined when not required. */
export function linkedRuleLine(rule: { requireLinkedAccount: boolean; minAccountAgeDays: number }, prefix: string): string | undefined {
  if (!rule.requireLinkedAccount) return undefined;
  const age = rule.minAccountAgeDays > 0 ? ` at least ${rule.minAccountAgeDays} days old` : '';
  return `Only members who linked a local account on the instance${age} (not suspended or disabled) may vote: ${prefix} link @you@instance. ` +
    'A linked account the bot could not read on the instance when the poll opened gives no vote on it.';
}
