// Pledge arithmetic: reading an amount as people write it, integer minor units per ISO 4217 currency, monthly
// equivalents, aggregates, and which pledges a proposal would break. Pure. Currencies and their minor-unit digits
// come from the ICU data built into Node (Intl), not from a hand-kept table.
import { coversDomain, normaliseDomain } from './domain.ts';
import type { Action } from './types.ts';

export type PledgePeriod = 'monthly' | 'yearly' | 'once';
export type PledgeRequirement = 'blocked' | 'suspended';

export interface PledgeTerms {
  amountMinor: number;
  currency: string;
  period: PledgePeriod;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export const PLEDGE_HINT = 'Write it like `5 EUR`, `5.50 EUR monthly`, `€5 yearly` or `1000 JPY once`.';

const SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₩': 'KRW', '₽': 'RUB', '₺': 'TRY', 'zł': 'PLN', 'CHF': 'CHF' };
/** `kr` (also `kr.`, `5kr`) is the krona's and the krone's: SEK, NOK, DKK and ISK. Refused rather than guessed. */
const KRONA = /^(kr\.?|kr\.?\d[\d.,]*|[\d.,]*\dkr\.?)$/i;
const PERIODS: readonly PledgePeriod[] = ['monthly', 'yearly', 'once'];

let known: Set<string> | undefined;
export function isCurrency(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known.has(code);
}

/** ISO 4217 minor-unit digits: EUR 2, JPY 0, BHD 3. */
export function currencyDigits(code: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** `amount` in minor units as the currency writes it, e.g. "€5.50", "¥1,000", "BHD 1.250". */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  const major = Math.floor(abs / 10 ** digits);
  const minor = String(abs % 10 ** digits).padStart(digits, '0');
  const number = `${major.toLocaleString('en')}${digits ? `.${minor}` : ''}`;
  const symbol = Object.entries(SYMBOLS).find(([s, code]) => code === currency && s.length === 1)?.[0];
  return symbol ? `${sign}${symbol}${number}` : `${sign}${number} ${currency}`;
}

function splitAmount(text: string): { number: string; currency?: string } {
  const prefix = Object.keys(SYMBOLS).find((s) => text.startsWith(s));
  if (prefix) return { number: text.slice(prefix.length), currency: SYMBOLS[prefix] };
  const suffix = Object.keys(SYMBOLS).find((s) => text.endsWith(s));
  if (suffix) return { number: text.slice(0, -suffix.length), currency: SYMBOLS[suffix] };
  const code = /^([A-Za-z]{3})?([^A-Za-z]*)([A-Za-z]{3})?$/.exec(text);
  if (code && (code[1] || code[3])) return { number: code[2]!, currency: (code[1] ?? code[3])!.toUpperCase() };
  return { number: text };
}

/** Reads `<amount> [currency] [period]` (also `€5`, `5EUR`, `EUR 5`); `allowed` empty = every ISO currency. */
export function parsePledgeTerms(words: readonly string[], limits: { maxAmount: number; allowed: readonly string[] }): Parsed<PledgeTerms> {
  if (words.some((w) => KRONA.test(w))) {
    return { ok: false, reason: `"kr" is the symbol of several currencies (SEK, NOK, DKK, ISK); write the ISO code, like 50 SEK or 50 NOK.` };
  }
  const rest = [...words];
  let period: PledgePeriod = 'monthly';
  const last = rest.at(-1)?.toLowerCase();
  if (last && (PERIODS as readonly string[]).includes(last)) {
    period = last as PledgePeriod;
    rest.pop();
  }
  if (rest.length === 0) return { ok: false, reason: `No amount given. ${PLEDGE_HINT}` };
  if (rest.length > 2) return { ok: false, reason: `I could not read "${words.join(' ')}" as an amount, a currency and a period. ${PLEDGE_HINT}` };
  let { number, currency } = splitAmount(rest[0]!);
  if (rest.length === 2) {
    const word = rest[1]!;
    if (number.trim() === '' && currency) {
      // The currency came first: `EUR 5`.
      number = word;
    } else {
      const other = SYMBOLS[word] ?? word.toUpperCase();
      if (currency && currency !== other) return { ok: false, reason: `Two currencies given (${currency} and ${other}). ${PLEDGE_HINT}` };
      currency = other;
    }
  }
  if (!currency) return { ok: false, reason: `Which currency? ${PLEDGE_HINT}` };
  if (!isCurrency(currency)) return { ok: false, reason: `${currency} is not an ISO 4217 currency code. ${PLEDGE_HINT}` };
  if (limits.allowed.length && !limits.allowed.includes(currency)) {
    return { ok: false, reason: `Pledges here are in ${limits.allowed.join(', ')}; ${currency} is not one of them.` };
  }
  const trimmed = number.trim();
  if (trimmed.startsWith('-')) return { ok: false, reason: `A pledge must be more than zero. ${PLEDGE_HINT}` };
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(trimmed);
  if (!match) return { ok: false, reason: `"${rest[0]}" is not an amount. ${PLEDGE_HINT}` };
  const digits = currencyDigits(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    return { ok: false, reason: digits === 0 ? `${currency} has no minor unit; write a whole number, like 500 ${currency}.` : `${currency} has ${digits} decimal places; "${trimmed}" has ${fraction.length}.` };
  }
  const major = Number(match[1]);
  if (major > limits.maxAmount || (major === limits.maxAmount && Number(fraction || '0') > 0)) {
    return { ok: false, reason: `A single pledge can be at most ${limits.maxAmount} ${currency}.` };
  }
  const amountMinor = major * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (amountMinor === 0) return { ok: false, reason: `A pledge must be more than zero. ${PLEDGE_HINT}` };
  return { ok: true, value: { amountMinor, currency, period } };
}

export function parseConditionDomain(text: string): Parsed<string> {
  const result = normaliseDomain(text);
  return result.ok ? { ok: true, value: result.domain } : { ok: false, reason: result.reason };
}

export interface PledgeLike {
  amountMinor: number;
  currency: string;
  period: PledgePeriod;
  condition?: { domain: string; require: PledgeRequirement };
}

/** Would deciding `action` on `domain` break this condition? */
export function breaksCondition(action: Action, domain: string, condition: { domain: string; require: PledgeRequirement }): boolean {
  if (action === 'lift') return coversDomain(domain, condition.domain);
  if (action === 'limit') return condition.require === 'suspended' && domain === condition.domain;
  return false;
}

export interface CurrencyTotal {
  currency: string;
  /** Monthly pledges plus yearly ones divided by 12, in minor units, rounded half up once at the end. */
  monthlyMinor: number;
  /** The yearly pledges' sum as pledged, so a yearly pledge is shown as yearly beside its monthly equivalent. */
  yearlyMinor: number;
  onceMinor: number;
  count: number;
}

/** Totals per currency; sums are exact integers until the single division of the yearly sum. */
export function totalsByCurrency(pledges: readonly PledgeLike[]): CurrencyTotal[] {
  const sums = new Map<string, { monthly: number; yearly: number; once: number; count: number }>();
  for (const p of pledges) {
    const s = sums.get(p.currency) ?? { monthly: 0, yearly: 0, once: 0, count: 0 };
    if (p.period === 'monthly') s.monthly += p.amountMinor;
    else if (p.period === 'yearly') s.yearly += p.amountMinor;
    else s.once += p.amountMinor;
    s.count++;
    sums.set(p.currency, s);
  }
  return [...sums.entries()]
    .map(([currency, s]) => ({ currency, monthlyMinor: s.monthly + Math.round(s.yearly / 12), yearlyMinor: s.yearly, onceMinor: s.once, count: s.count }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/**
 * "€340.00/month and €50.00 once from 27 pledges". Yearly pledges are named as pledged beside the monthly figure they
 * count for: "€3.50 a year (€0.29/month) from 1 pledge", "€5.29/month (€3.50 a year among it) from 2 pledges".
 */
export function describeTotal(t: CurrencyTotal): string {
  const money = (minor: number) => formatMoney(minor, t.currency);
  const parts = [];
  const onlyYearly = t.yearlyMinor > 0 && t.monthlyMinor === Math.round(t.yearlyMinor / 12);
  if (onlyYearly) parts.push(`${money(t.yearlyMinor)} a year (${money(t.monthlyMinor)}/month)`);
  else if (t.yearlyMinor > 0) parts.push(`${money(t.monthlyMinor)}/month (${money(t.yearlyMinor)} a year among it)`);
  else if (t.monthlyMinor > 0 || t.onceMinor === 0) parts.push(`${money(t.monthlyMinor)}/month`);
  if (t.onceMinor > 0) parts.push(`${money(t.onceMinor)} once`);
  return `${parts.join(' and ')} from ${t.count} pledge${t.count === 1 ? '' : 's'}`;
}

export function conditionWords(condition: { domain: string; require: PledgeRequirement }): string {
  return `${condition.domain} staying ${condition.require === 'suspended' ? 'suspended' : 'blocked'}`;
}
