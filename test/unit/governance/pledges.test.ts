import { describe, expect, it } from 'vitest';
import { breaksCondition, currencyDigits, describeTotal, formatMoney, parsePledgeTerms, totalsByCurrency } from '../../../governance/pledges.ts';

const limits = { maxAmount: 10_000, allowed: [] as string[] };
const words = (text: string) => text.split(' ');

describe('reading an amount', () => {
  it.each<[string, number, string, string]>([
    ['5 EUR', 500, 'EUR', 'monthly'],
    ['5.50 EUR', 550, 'EUR', 'monthly'],
    ['5,50 EUR', 550, 'EUR', 'monthly'],
    ['€5', 500, 'EUR', 'monthly'],
    ['€5 yearly', 500, 'EUR', 'yearly'],
    ['5€ once', 500, 'EUR', 'once'],
    ['5 eur', 500, 'EUR', 'monthly'],
    ['5EUR', 500, 'EUR', 'monthly'],
    ['EUR 5.5', 550, 'EUR', 'monthly'],
    ['1000 JPY once', 1000, 'JPY', 'once'],
    ['1.250 BHD', 1250, 'BHD', 'monthly'],
    ['$12 YEARLY', 1200, 'USD', 'yearly'],
    ['10000 EUR', 1_000_000, 'EUR', 'monthly'],
    ['50 SEK', 5000, 'SEK', 'monthly'],
    ['50 NOK yearly', 5000, 'NOK', 'yearly'],
    ['DKK 50', 5000, 'DKK', 'monthly'],
    ['500 ISK', 500, 'ISK', 'monthly'],
  ])('%s', (text, amountMinor, currency, period) => {
    expect(parsePledgeTerms(words(text), limits)).toEqual({ ok: true, value: { amountMinor, currency, period } });
  });

  it.each<[string, RegExp, (typeof limits)?]>([
    ['0 EUR', /more than zero/],
    ['0.00 EUR', /more than zero/],
    ['-5 EUR', /more than zero/],
    ['5.555 EUR', /EUR has 2 decimal places; "5.555" has 3/],
    ['5.5 JPY', /JPY has no minor unit; write a whole number/],
    ['10000.01 EUR', /at most 10000 EUR/],
    ['20000 EUR', /at most 10000 EUR/],
    ['5 XYZ', /XYZ is not an ISO 4217 currency code/],
    ['five EUR', /"five" is not an amount/],
    ['5', /Which currency\?/],
    ['monthly', /No amount given/],
    ['€5 USD', /Two currencies given \(EUR and USD\)/],
    ['5 GBP', /Pledges here are in EUR, CHF; GBP is not one of them/, { maxAmount: 100, allowed: ['EUR', 'CHF'] }],
    ['1 2 3 EUR', /could not read/],
  ])('refuses %s', (text, reason, custom) => {
    const result = parsePledgeTerms(words(text), custom ?? limits);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});

describe('"kr" is SEK, NOK, DKK or ISK: never guessed', () => {
  it.each(['50 kr', 'kr 50', '50kr', 'kr50', '50 kr. yearly', '50 KR', '5,50 Kr once'])('refuses %s and asks for the ISO code', (text) => {
    expect(parsePledgeTerms(words(text), limits)).toEqual({
      ok: false,
      reason: '"kr" is the symbol of several currencies (SEK, NOK, DKK, ISK); write the ISO code, like 50 SEK or 50 NOK.',
    });
  });
});

describe('money and totals', () => {
  it.each([['EUR', 2], ['JPY', 0], ['BHD', 3], ['USD', 2]] as const)('%s has %i decimals', (code, digits) => {
    expect(currencyDigits(code)).toBe(digits);
  });

  it.each([[34000, 'EUR', '€340.00'], [100000, 'JPY', '¥100,000'], [1250, 'BHD', '1.250 BHD'], [5, 'CHF', '0.05 CHF']] as const)('%i %s reads %s', (minor, code, text) => {
    expect(formatMoney(minor, code)).toBe(text);
  });

  it('normalises to a month exactly, one-off apart, per currency, never converted', () => {
    const totals = totalsByCurrency([
      { amountMinor: 500, currency: 'EUR', period: 'monthly' },
      { amountMinor: 1000, currency: 'EUR', period: 'yearly' },
      { amountMinor: 1000, currency: 'EUR', period: 'yearly' },
      { amountMinor: 5000, currency: 'EUR', period: 'once' },
      { amountMinor: 1200, currency: 'JPY', period: 'yearly' },
    ]);
    expect(totals).toEqual([
      { currency: 'EUR', monthlyMinor: 500 + 167, yearlyMinor: 2000, onceMinor: 5000, count: 4 },
      { currency: 'JPY', monthlyMinor: 100, yearlyMinor: 1200, onceMinor: 0, count: 1 },
    ]);
    expect(describeTotal(totals[0]!)).toBe('€6.67/month (€20.00 a year among it) and €50.00 once from 4 pledges');
    expect(describeTotal(totals[1]!)).toBe('¥1,200 a year (¥100/month) from 1 pledge');
    expect(describeTotal(totalsByCurrency([{ amountMinor: 350, currency: 'EUR', period: 'yearly' }])[0]!)).toBe('€3.50 a year (€0.29/month) from 1 pledge');
  });
});

describe('which decisions break a condition', () => {
  it.each<[string, 'suspend' | 'limit' | 'lift', string, 'blocked' | 'suspended', boolean]>([
    ['a lift of the domain', 'lift', 'threads.net', 'blocked', true],
    ['a lift of a parent domain', 'lift', 'example.com', 'blocked', true],
    ['a lift elsewhere', 'lift', 'other.net', 'blocked', false],
    ['a limit where suspension is required', 'limit', 'threads.net', 'suspended', true],
    ['a limit where any block is fine', 'limit', 'threads.net', 'blocked', false],
    ['a suspend', 'suspend', 'threads.net', 'suspended', false],
  ])('%s', (_name, action, domain, require, expected) => {
    const conditionDomain = domain === 'example.com' ? 'a.example.com' : 'threads.net';
    expect(breaksCondition(action, domain, { domain: conditionDomain, require })).toBe(expected);
  });
});
