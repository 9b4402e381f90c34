import { describe, expect, it } from 'vitest';
import {
  decideOutcome,
  formatFraction,
  formatResultLine,
  parseFraction,
  turnoutPercent,
} from '../../../governance/outcome.ts';
import type { Action, Outcome, Rules, Tally } from '../../../governance/types.ts';

function rules(minVoters: number, minTurnoutPercent: number): Rules {
  return {
    quorum: { minVoters, minTurnoutPercent },
    thresholds: {
      suspend: { numerator: 2, denominator: 3 },
      limit: { numerator: 1, denominator: 2 },
      lift: { numerator: 1, denominator: 2 },
    },
  };
}

function tally(yes: number, no: number, abstain: number, spoiled: number, eligible: number): Tally {
  return { yes, no, abstain, spoiled, eligible, cast: yes + no + abstain };
}

describe('parseFraction', () => {
  it.each<[string | number, number, number]>([
    ['2/3', 2, 3],
    [' 2 / 3 ', 2, 3],
    ['4/6', 2, 3],
    ['1/2', 1, 2],
    [0.5, 1, 2],
    ['0.5', 1, 2],
    ['.75', 3, 4],
    ['66%', 33, 50],
    ['66.67%', 6667, 10_000],
    ['50 %', 1, 2],
    ['100%', 1, 1],
    [1, 1, 1],
    ['1/1', 1, 1],
  ])('%j → %i/%i', (input, numerator, denominator) => {
    expect(parseFraction(input)).toEqual({ ok: true, fraction: { numerator, denominator } });
  });

  it.each<[string | number, RegExp]>([
    ['0', /must be more than 0/],
    [0, /must be more than 0/],
    ['0/3', /must be more than 0/],
    ['0%', /must be more than 0/],
    ['-1/2', /must be more than 0/],
    [-0.5, /must be more than 0/],
    ['3/2', /must be at most 1/],
    ['101%', /must be at most 1/],
    [66, /must be at most 1/],
    ['1.5', /must be at most 1/],
    ['2/0', /divides by zero/],
    ['two thirds', /is not a fraction/],
    ['', /is not a fraction/],
    ['%', /is not a fraction/],
    [Number.NaN, /is not a number/],
    [0.6666666666666666, /too precise/],
  ])('%j is refused', (input, why) => {
    const result = parseFraction(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(why);
    if (!result.ok) expect(result.reason).toMatch(/write a fraction like 2\/3/);
  });
});

describe('formatFraction', () => {
  it.each([
    [2, 3, '2/3'],
    [1, 2, '1/2'],
    [1, 1, '1/1'],
    [33, 50, '66%'],
    [133, 200, '66.5%'],
    [6667, 10_000, '66.67%'],
    [7, 11, '7/11'],
  ])('%i/%i → %s', (numerator, denominator, text) => {
    expect(formatFraction({ numerator, denominator })).toBe(text);
  });
});

describe('decideOutcome', () => {
  it.each<[string, Tally, Action, Rules, Outcome, boolean, boolean, number]>([
    // name, tally, action, rules, outcome, quorumMet, thresholdMet, requiredVoters
    ['exactly at the 2/3 threshold is approved', tally(2, 1, 0, 0, 3), 'suspend', rules(1, 0), 'approved', true, true, 1],
    ['just below 2/3 is rejected', tally(199, 101, 0, 0, 300), 'suspend', rules(1, 0), 'rejected', true, false, 1],
    ['just above 2/3 is approved', tally(201, 100, 0, 0, 301), 'suspend', rules(1, 0), 'approved', true, true, 1],
    ['a tie at threshold 1/2 is rejected (yes must beat no)', tally(3, 3, 0, 0, 6), 'limit', rules(1, 0), 'rejected', true, false, 1],
    ['one more yes at 1/2 is approved', tally(4, 3, 0, 0, 7), 'lift', rules(1, 0), 'approved', true, true, 1],
    ['abstentions count for quorum, not for the threshold', tally(2, 1, 7, 0, 10), 'suspend', rules(10, 0), 'approved', true, true, 10],
    ['only abstentions: quorum met, rejected', tally(0, 0, 5, 0, 5), 'lift', rules(1, 0), 'rejected', true, false, 1],
    ['zero votes: no quorum', tally(0, 0, 0, 0, 40), 'suspend', rules(1, 10), 'no_quorum', false, false, 4],
    ['quorum by voters: 9 of 10 required', tally(9, 0, 0, 0, 20), 'suspend', rules(10, 0), 'no_quorum', false, true, 10],
    ['quorum by voters: exactly 10', tally(10, 0, 0, 0, 20), 'suspend', rules(10, 0), 'approved', true, true, 10],
    ['quorum by percent: 25% of 40 is exactly 10', tally(10, 0, 0, 0, 40), 'suspend', rules(1, 25), 'approved', true, true, 10],
    ['quorum by percent: 9 of 40 is below 25%', tally(9, 0, 0, 0, 40), 'suspend', rules(1, 25), 'no_quorum', false, true, 10],
    ['quorum by percent rounds the requirement up: 10% of 41 needs 5', tally(4, 0, 0, 0, 41), 'suspend', rules(1, 10), 'no_quorum', false, true, 5],
    ['fractional percent is exact: 12.5% of 8 is exactly 1', tally(1, 0, 0, 0, 8), 'suspend', rules(0, 12.5), 'approved', true, true, 1],
    ['spoiled votes do not count towards quorum', tally(2, 0, 0, 5, 10), 'suspend', rules(3, 0), 'no_quorum', false, true, 3],
    ['the stricter of the two quorum rules applies', tally(6, 0, 0, 0, 100), 'suspend', rules(5, 10), 'no_quorum', false, true, 10],
    ['eligible 0 does not divide by zero', tally(0, 0, 0, 0, 0), 'suspend', rules(0, 10), 'rejected', true, false, 0],
    ['eligible 0 with minVoters still has no quorum', tally(0, 0, 0, 0, 0), 'suspend', rules(1, 10), 'no_quorum', false, false, 1],
    ['per-action threshold: 3 yes 2 no passes limit (1/2)', tally(3, 2, 0, 0, 5), 'limit', rules(1, 0), 'approved', true, true, 1],
    ['per-action threshold: 3 yes 2 no fails suspend (2/3)', tally(3, 2, 0, 0, 5), 'suspend', rules(1, 0), 'rejected', true, false, 1],
  ])('%s', (_case, t, action, r, outcome, quorumMet, thresholdMet, requiredVoters) => {
    expect(decideOutcome(t, action, r)).toEqual({
      outcome,
      quorumMet,
      thresholdMet,
      requiredVoters,
      threshold: r.thresholds[action],
    });
  });

  it('a threshold of 1 needs no "no" votes at all', () => {
    const unanimous = { ...rules(1, 0), thresholds: { ...rules(1, 0).thresholds, suspend: { numerator: 1, denominator: 1 } } };
    expect(decideOutcome(tally(99, 1, 0, 0, 100), 'suspend', unanimous).outcome).toBe('rejected');
    expect(decideOutcome(tally(99, 0, 5, 0, 104), 'suspend', unanimous).outcome).toBe('approved');
  });
});

describe('turnoutPercent', () => {
  it.each([
    [15, 40, 38],
    [1, 8, 13],
    [1, 3, 33],
    [2, 3, 67],
    [40, 40, 100],
    [199, 200, 99],
    [1, 1000, 1],
    [0, 40, 0],
    [0, 0, 0],
  ])('%i of %i → %i%%', (voted, eligible, percent) => {
    expect(turnoutPercent(voted, eligible)).toBe(percent);
  });
});

describe('formatResultLine', () => {
  const line = (number: number, action: Action, domain: string, t: Tally, r: Rules): string =>
    formatResultLine({ number, action, domain, tally: t, decision: decideOutcome(t, action, r) });

  it.each([
    [
      'the DESIGN.md example',
      line(12, 'suspend', 'threads.net', tally(9, 3, 2, 1, 40), rules(10, 10)),
      'Proposal 12 (suspend threads.net): approved — yes 9 · no 3 · abstain 2 · spoiled 1 · 15 of 40 eligible voted (38%) · quorum 10 met · threshold 2/3 met',
    ],
    [
      'rejected, threshold not met',
      line(3, 'limit', 'example.com', tally(2, 2, 0, 0, 10), rules(1, 0)),
      'Proposal 3 (limit example.com): rejected — yes 2 · no 2 · abstain 0 · spoiled 0 · 4 of 10 eligible voted (40%) · quorum 1 met · threshold 1/2 not met',
    ],
    [
      'no quorum, shown in words; requirement by percent',
      line(4, 'lift', 'thr****.*et', tally(1, 0, 0, 2, 40), rules(2, 25)),
      'Proposal 4 (lift thr****.*et): no quorum — yes 1 · no 0 · abstain 0 · spoiled 2 · 3 of 40 eligible voted (8%) · quorum 10 not met · threshold 1/2 met',
    ],
    [
      'nobody eligible',
      line(5, 'suspend', 'example.com', tally(0, 0, 0, 0, 0), rules(1, 10)),
      'Proposal 5 (suspend example.com): no quorum — yes 0 · no 0 · abstain 0 · spoiled 0 · 0 of 0 eligible voted (0%) · quorum 1 not met · threshold 2/3 not met',
    ],
  ])('%s', (_case, actual, expected) => {
    expect(actual).toBe(expected);
  });
});
