// How pledges read: in a member's own list, in the staff's detail, in the totals everyone sees, and in the answers
// to pledge and unpledge.
import type { PledgeDone, PledgeSummary } from '../contracts/pledge-ports.ts';
import { conditionWords, describeTotal, formatMoney } from '../../governance/pledges.ts';
import type { Pledge } from '../../storage/pledges.ts';
import { proposalTitle } from './describe.ts';

const PERIOD_WORDS = { monthly: 'a month', yearly: 'a year', once: 'once' } as const;

/** "€5.00 a month as long as threads.net stays blocked". */
export function pledgeTerms(p: Pledge): string {
  const condition = p.condition ? ` as long as ${p.condition.domain} stays ${p.condition.require === 'suspended' ? 'suspended' : 'blocked'}` : '';
  return `${formatMoney(p.amountMinor, p.currency)} ${PERIOD_WORDS[p.period]}${condition}`;
}

/** A pledge in a list: "#3: €5.00 a month as long as threads.net stays blocked (at risk)". */
export function pledgeText(p: Pledge): string {
  return `#${p.id}: ${pledgeTerms(p)} (${p.status.replace('_', ' ')})`;
}

/** A standing pledge in the staff's detail: "@a:x — #3: …". */
export const pledgeDetailText = (p: Pledge): string => `${p.pledger} — ${pledgeText(p)}`;

export function aggregateLines(summary: PledgeSummary): string[] {
  if (summary.totals.length === 0) return ['No pledges yet.'];
  const lines = summary.totals.map((t) => `In total: ${describeTotal(t)}.`);
  // The amount is the subject: "€10.00/month from 2 pledges depends on …".
  for (const group of summary.byCondition) for (const t of group.totals) lines.push(`${describeTotal(t)} depends on ${conditionWords(group.condition)}.`);
  return lines;
}

/** The private answer to pledge and unpledge. */
export function pledgeDoneWords(done: PledgeDone): string {
  if (done.kind === 'withdrawn') return `Pledge #${done.id} is withdrawn.`;
  const threats = done.threats;
  const risk = done.pledge.status === 'at_risk' && threats.length
    ? ` It is at risk while ${threats.map((t) => proposalTitle(t, { midSentence: true })).join(' and ')} ${threats.length === 1 ? 'is' : 'are'} under way.`
    : '';
  return `Thank you: your pledge #${done.pledge.id} is recorded: ${pledgeTerms(done.pledge)}.${risk} Only you and staff see it; everyone else sees totals.`;
}
