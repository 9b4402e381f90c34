// Deciding a closed proposal (DESIGN.md "Outcome") and the one-line result everyone reads. All comparisons are exact
// integer arithmetic (BigInt), so "exactly 2/3" or "exactly 10%" can never fall on the wrong side through rounding.

import type { Action, Fraction, Outcome, Rules, Tally } from './types.ts';
import { proposalTitle } from './proposal-title.ts';

export type FractionResult = { ok: true; fraction: Fraction } | { ok: false; reason: string };

export const FRACTION_HINT = 'write a fraction like 2/3, a percentage like 66% or a decimal like 0.5';

interface Exact {
  num: bigint;
  den: bigint;
}

const MAX_DENOMINATOR = 10_000;
const DECIMAL_RE = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** A decimal literal ("0.5", "66.25", "1e-1") as an exact rational, or undefined if it is not one. */
function exactDecimal(text: string): Exact | undefined {
  const match = DECIMAL_RE.exec(text);
  if (!match) return undefined;
  const [, int = '', frac = '', exp = '0'] = match;
  if (int === '' && frac === '') return undefined;
  let num = BigInt(`${int}${frac}` || '0');
  let den = 10n ** BigInt(frac.length);
  const shift = BigInt(exp);
  if (shift > 0n) num *= 10n ** shift;
  else den *= 10n ** -shift;
  return { num, den };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function parseExact(text: string): Exact | undefined {
  const ratio = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (ratio) return { num: BigInt(ratio[1] ?? '0'), den: BigInt(ratio[2] ?? '0') };
  if (text.endsWith('%')) {
    const percent = exactDecimal(text.slice(0, -1).trim());
    return percent && { num: percent.num, den: percent.den * 100n };
  }
  return exactDecimal(text);
}

/** A threshold as written in config or chat: "2/3", "66%", "0.5" or the number 0.5; exact, reduced, in (0, 1]. */
export function parseFraction(input: string | number): FractionResult {
  const text = String(input).trim();
  const refuse = (what: string): FractionResult => ({ ok: false, reason: `"${text}" ${what}; ${FRACTION_HINT}` });
  if (typeof input === 'number' && !Number.isFinite(input)) return refuse('is not a number');
  if (text.startsWith('-')) return refuse('must be more than 0');
  const exact = parseExact(text);
  if (exact === undefined) return refuse('is not a fraction');
  if (exact.den === 0n) return refuse('divides by zero');
  if (exact.num === 0n) return refuse('must be more than 0');
  if (exact.num > exact.den) return refuse('must be at most 1 (100%)');
  const divisor = gcd(exact.num, exact.den);
  const numerator = Number(exact.num / divisor);
  const denominator = Number(exact.den / divisor);
  // 0.6666666666666666 is someone meaning 2/3; a four-digit denominator (66.67%) is precision enough for a vote.
  if (denominator > MAX_DENOMINATOR) return refuse('is too precise');
  return { ok: true, fraction: { numerator, denominator } };
}

/** Simple fractions as "2/3"; others as a percentage when that is exact to two decimals ("66%"), else "n/d". */
export function formatFraction(f: Fraction): string {
  const { numerator: n, denominator: d } = f;
  if (d <= 10) return `${n}/${d}`;
  if ((n * 100) % d === 0) return `${(n * 100) / d}%`;
  if ((n * 10_000) % d === 0) return `${(n * 10_000) / d / 100}%`;
  return `${n}/${d}`;
}

export interface OutcomeDecision {
  outcome: Outcome;
  /** Cast (yes+no+abstain) reached both `minVoters` and `minTurnoutPercent` of the eligible. */
  quorumMet: boolean;
  /** `yes >= threshold × (yes + no)` and `yes > no`: the second rule is part of it, so a tie never meets it. */
  thresholdMet: boolean;
  /** Votes cast the quorum required: max(minVoters, ceil(minTurnoutPercent × eligible / 100)). */
  requiredVoters: number;
  threshold: Fraction;
}

function turnoutShare(percent: number): Exact {
  if (!Number.isFinite(percent)) throw new RangeError(`quorum.minTurnoutPercent must be a number, got ${percent}`);
  // Config numbers are decimal literals; String() gives back exactly the literal that was written.
  const exact = exactDecimal(String(Math.max(0, percent)));
  if (exact === undefined) throw new RangeError(`quorum.minTurnoutPercent ${percent} is not a decimal number`);
  return exact;
}

export function decideOutcome(tally: Tally, action: Action, rules: Rules): OutcomeDecision {
  const threshold = rules.thresholds[action];
  const share = turnoutShare(rules.quorum.minTurnoutPercent);
  const cast = BigInt(tally.cast);
  const eligible = BigInt(tally.eligible);
  const minVoters = BigInt(Math.max(0, Math.ceil(rules.quorum.minVoters)));

  const byPercent = ceilDiv(share.num * eligible, share.den * 100n);
  const requiredVoters = Number(byPercent > minVoters ? byPercent : minVoters);
  const quorumMet = cast >= minVoters && cast * 100n * share.den >= share.num * eligible;

  const yes = BigInt(tally.yes);
  const no = BigInt(tally.no);
  const thresholdMet =
    yes * BigInt(threshold.denominator) >= BigInt(threshold.numerator) * (yes + no) && yes > no;

  const outcome: Outcome = !quorumMet ? 'no_quorum' : thresholdMet ? 'approved' : 'rejected';
  return { outcome, quorumMet, thresholdMet, requiredVoters, threshold };
}

/**
 * Whole percent of eligible voters who voted, rounded half up (15 of 40 = 37.5% → 38%), except that it never shows
 * 100% unless everyone voted, nor 0% once anyone did. No eligible voters gives 0%.
 */
export function turnoutPercent(voted: number, eligible: number): number {
  if (eligible <= 0) return 0;
  const rounded = Math.floor((200 * voted + eligible) / (2 * eligible));
  if (rounded >= 100 && voted < eligible) return 99;
  if (rounded === 0 && voted > 0) return 1;
  return rounded;
}

const OUTCOME_WORDS: Record<Outcome, string> = { approved: 'approved', rejected: 'rejected', no_quorum: 'no quorum' };

export interface ResultLineInput {
  number: number;
  action: Action;
  /** As it may be shown: the obfuscated form for an obfuscated proposal. */
  domain: string;
  tally: Tally;
  decision: OutcomeDecision;
  /** Unreadable votes could change the outcome (governance/unreadable.ts): the line says "incomplete" instead. */
  incomplete?: boolean;
}

/**
 * The first line of every result (DESIGN.md "Close"), e.g. `Proposal 12 (suspend threads.net): approved — yes 9 ·
 * no 3 · abstain 2 · spoiled 1 · 15 of 40 eligible voted (38%) · quorum 10 met · threshold 2/3 met`.
 * "voted" counts spoiled and unreadable votes too (people who took part); the quorum counts only cast votes.
 * ` · unreadable N` (after spoiled) appears only when N > 0, so lines without encrypted responses keep their form.
 */
export function formatResultLine(input: ResultLineInput): string {
  const { tally, decision } = input;
  const unreadable = tally.unreadable ?? 0;
  const voted = tally.cast + tally.spoiled + unreadable;
  const met = (ok: boolean): string => (ok ? 'met' : 'not met');
  const word = input.incomplete ? 'incomplete' : OUTCOME_WORDS[decision.outcome];
  return (
    `${proposalTitle({ id: input.number, action: input.action, domain: input.domain })}: ${word} — ` +
    [
      `yes ${tally.yes}`,
      `no ${tally.no}`,
      `abstain ${tally.abstain}`,
      `spoiled ${tally.spoiled}`,
      ...(unreadable > 0 ? [`unreadable ${unreadable}`] : []),
      `${voted} of ${tally.eligible} eligible voted (${turnoutPercent(voted, tally.eligible)}%)`,
      `quorum ${decision.requiredVoters} ${met(decision.quorumMet)}`,
      `threshold ${formatFraction(decision.threshold)} ${met(decision.thresholdMet)}`,
    ].join(' · ')
  );
}
