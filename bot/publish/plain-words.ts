// The log's facts said in plain words for people who never read the config: the rules of a vote, what the odd
// counts mean, how a proposal ended without a count, and which entries were recorded rather than voted.
import type { DecisionEntry } from '../../governance/log-entry.ts';
import type { PublishedDecision } from './views.ts';

/** `2025-06-01`: a day is precision enough for a reader; the page's <time> elements keep the full time. */
export function day(isoTime: string): string {
  return isoTime.slice(0, 10);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The threshold as a sentence part. A vote also needs more yes than no (governance/outcome.ts), so a threshold of
 * a half or less reads as just that.
 */
export function thresholdWords(threshold: string): string {
  const fraction = /^(\d+)\/(\d+)$/.exec(threshold);
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(threshold);
  const share = fraction ? Number(fraction[1]) / Number(fraction[2]) : percent ? Number(percent[1]) / 100 : undefined;
  if (share !== undefined && share <= 0.5) return 'there are more yes than no votes';
  if (fraction) return `at least ${fraction[1]} in ${fraction[2]} of the yes and no votes are yes`;
  return `at least ${threshold} of the yes and no votes are yes`;
}

/** The quorum as a sentence part: the quorum counts cast votes only (yes, no and abstain). */
export function quorumWords(quorum: NonNullable<DecisionEntry['quorum']>, eligible: number | undefined): string {
  const parts: string[] = [];
  if (quorum.minVoters > 0) parts.push(`at least ${plural(quorum.minVoters, 'vote', 'votes')} cast (yes, no or abstain)`);
  if (quorum.minTurnoutPercent > 0) {
    const of = eligible === undefined ? 'of those eligible' : `of the ${eligible} eligible`;
    parts.push(`votes cast by at least ${quorum.minTurnoutPercent}% ${of}`);
  }
  return parts.length ? parts.join(' and ') : 'no minimum number of votes';
}

/**
 * "Approved when at least 2 in 3 of the yes and no votes are yes, with at least 10 votes cast (yes, no or abstain)
 * and votes cast by at least 25% of the 40 eligible." Undefined when there was no vote.
 */
export function rulesInWords(d: PublishedDecision): string | undefined {
  if (!d.quorum || !d.threshold) return undefined;
  return `Approved when ${thresholdWords(d.threshold)}, with ${quorumWords(d.quorum, d.tally?.eligible)}.`;
}

export const SPOILED_MEANING = 'a vote whose latest answer was not one of the poll’s answers; it counts as taking part, not as yes, no or abstain';
export const UNREADABLE_MEANING = 'an encrypted poll response the bot could not read; it counts as taking part, not as yes, no or abstain';

/** The notes a tally needs: only for the counts it shows above zero. */
export function tallyNotes(d: PublishedDecision): string[] {
  const notes: string[] = [];
  if (d.tally?.spoiled) notes.push(`Spoiled: ${SPOILED_MEANING}.`);
  if (d.tally?.unreadable) notes.push(`Unreadable: ${UNREADABLE_MEANING}.`);
  return notes;
}

/** "Recorded from the instance's existing blocks on 2025-06-01; not voted here." */
export function importedWords(d: PublishedDecision): string {
  return `Recorded from the instance’s existing blocks on ${day(d.closedAt)}; not voted here.`;
}

/** How a proposal ended without a count, with the reason staff gave when they cancelled it. */
export function endedWords(d: PublishedDecision): string | undefined {
  if (d.outcome === 'withdrawn') return 'Withdrawn by its proposer before the vote closed; not counted.';
  if (d.outcome !== 'cancelled') return undefined;
  return d.cancelReason ? `Cancelled by staff, who gave the reason: ${d.cancelReason}` : 'Cancelled by staff, without a reason given; not counted.';
}

/** What the instance had before a decision that changed a block no vote here made. */
export function priorBlockWords(d: PublishedDecision): string {
  const prior = d.priorBlock!;
  const since = prior.since ? ` since ${day(prior.since)}` : '';
  const what = prior.action === 'suspend' ? 'suspended' : 'limited';
  return `${what} on the instance${since}, by a block that predates fedimoot (not by a vote here)`;
}
