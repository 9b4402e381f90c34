import { describe, expect, it } from 'vitest';
import { applyResponse, choiceOf, countVotes, isLaterResponse } from '../../../governance/counting.ts';
import type { RawVote, VoteChoice } from '../../../governance/types.ts';

const CLOSE = 1_000;
const ALICE = '@alice:example.social';
const BOB = '@bob:example.social';
const MALLORY = '@mallory:elsewhere.org';
const ELIGIBLE: ReadonlySet<string> = new Set([ALICE, BOB]);

let seq = 0;
function vote(voter: string, answers: string[], ts: number, extra: Partial<RawVote> = {}): RawVote {
  seq += 1;
  return { voter, answers, ts, eventId: `$e${String(seq).padStart(4, '0')}`, roomId: '!town:example.social', source: 'poll', ...extra };
}

describe('countVotes: one rule per row, each for Alice (eligible)', () => {
  it.each<[string, RawVote[], VoteChoice]>([
    ['a single valid vote counts', [vote(ALICE, ['yes'], 10)], 'yes'],
    ['changing the vote: the latest counts', [vote(ALICE, ['yes'], 10), vote(ALICE, ['no'], 20)], 'no'],
    ['order of arrival does not matter, ts does', [vote(ALICE, ['no'], 20), vote(ALICE, ['yes'], 10)], 'no'],
    ['an empty answer list un-votes', [vote(ALICE, ['yes'], 10), vote(ALICE, [], 20)], 'none'],
    ['voting again after un-voting counts', [vote(ALICE, ['yes'], 10), vote(ALICE, [], 20), vote(ALICE, ['abstain'], 30)], 'abstain'],
    ['an unknown answer after a valid one spoils', [vote(ALICE, ['yes'], 10), vote(ALICE, ['maybe'], 20)], 'spoiled'],
    ['a valid answer after a spoiled one counts', [vote(ALICE, ['maybe'], 10), vote(ALICE, ['no'], 20)], 'no'],
    ['answers beyond max_selections are cut', [vote(ALICE, ['yes', 'bogus'], 10)], 'yes'],
    ['an unknown first answer is not rescued by cutting', [vote(ALICE, ['bogus', 'yes'], 10)], 'spoiled'],
    ['answer ids are case-sensitive', [vote(ALICE, ['Yes'], 10)], 'spoiled'],
    ['a response after the close is ignored', [vote(ALICE, ['yes'], 10), vote(ALICE, ['no'], CLOSE + 1)], 'yes'],
    ['a response exactly at the close counts', [vote(ALICE, ['yes'], 10), vote(ALICE, ['no'], CLOSE)], 'no'],
    [
      'a later text vote overrides a poll answer',
      [vote(ALICE, ['yes'], 10, { source: 'poll' }), vote(ALICE, ['no'], 20, { source: 'text' })],
      'no',
    ],
    [
      'a later poll answer overrides a text vote',
      [vote(ALICE, ['no'], 10, { source: 'text' }), vote(ALICE, ['yes'], 20, { source: 'poll' })],
      'yes',
    ],
    [
      'the latest counts across rooms',
      [vote(ALICE, ['yes'], 20, { roomId: '!staff:x' }), vote(ALICE, ['no'], 10, { roomId: '!town:x' })],
      'yes',
    ],
    [
      'equal ts: the larger event id wins (listed first)',
      [vote(ALICE, ['no'], 10, { eventId: '$b' }), vote(ALICE, ['yes'], 10, { eventId: '$a' })],
      'no',
    ],
    [
      'equal ts: the larger event id wins (listed last)',
      [vote(ALICE, ['yes'], 10, { eventId: '$a' }), vote(ALICE, ['no'], 10, { eventId: '$b' })],
      'no',
    ],
    [
      'equal ts: code-unit order, so "Z" (0x5a) loses to "a" (0x61)',
      [vote(ALICE, ['yes'], 10, { eventId: '$a' }), vote(ALICE, ['no'], 10, { eventId: '$Z' })],
      'yes',
    ],
  ])('%s', (_rule, votes, choice) => {
    const { voters, tally } = countVotes({ votes, eligible: ELIGIBLE, closedAt: CLOSE });
    expect(voters.get(ALICE)?.choice).toBe(choice);
    expect(voters.get(ALICE)?.counted).toBe(choice !== 'none');
    const expected = { yes: 0, no: 0, abstain: 0, spoiled: 0 };
    if (choice !== 'none') expected[choice] = 1;
    expect(tally).toEqual({ ...expected, eligible: 2, cast: choice === 'none' || choice === 'spoiled' ? 0 : 1 });
  });
});

describe('countVotes: tally and records', () => {
  it('keeps an ineligible voter on record but does not count them', () => {
    const votes = [vote(ALICE, ['yes'], 10), vote(MALLORY, ['no'], 10), vote(MALLORY, ['no'], 11)];
    const { tally, voters } = countVotes({ votes, eligible: ELIGIBLE, closedAt: CLOSE });
    expect(tally).toEqual({ yes: 1, no: 0, abstain: 0, spoiled: 0, eligible: 2, cast: 1 });
    expect(voters.get(MALLORY)).toMatchObject({ choice: 'no', counted: false });
  });

  it('ignores a voter whose only response came after the close', () => {
    const { voters } = countVotes({ votes: [vote(BOB, ['yes'], CLOSE + 1)], eligible: ELIGIBLE, closedAt: CLOSE });
    expect(voters.has(BOB)).toBe(false);
  });

  it('records the deciding event of each voter', () => {
    const latest = vote(ALICE, ['no'], 20, { source: 'text' });
    const { voters } = countVotes({ votes: [vote(ALICE, ['yes'], 10), latest], eligible: ELIGIBLE, closedAt: CLOSE });
    expect(voters.get(ALICE)).toEqual({ choice: 'no', counted: true, eventId: latest.eventId, ts: 20, source: 'text' });
  });

  it('tallies a mixed electorate: spoiled votes are not cast', () => {
    const many = ['yes', 'yes', 'no', 'abstain', 'nope'].map((answer, i) => vote(`@v${i}:x`, [answer], 5));
    const eligible = new Set([...many.map((v) => v.voter), '@silent:x']);
    const { tally } = countVotes({ votes: many, eligible, closedAt: CLOSE });
    expect(tally).toEqual({ yes: 2, no: 1, abstain: 1, spoiled: 1, eligible: 6, cast: 4 });
  });

  it('Infinity as closedAt gives a running tally', () => {
    const { tally } = countVotes({ votes: [vote(ALICE, ['yes'], 9e15)], eligible: ELIGIBLE, closedAt: Infinity });
    expect(tally.yes).toBe(1);
  });

  // Redactions are the caller's job: it drops the redacted response and counts again, falling back to the previous.
  it('a redacted response, removed by the caller, falls back to the previous response', () => {
    const first = vote(ALICE, ['yes'], 10);
    const redacted = vote(ALICE, ['no'], 20);
    const remaining = [first, redacted].filter((v) => v.eventId !== redacted.eventId);
    expect(countVotes({ votes: remaining, eligible: ELIGIBLE, closedAt: CLOSE }).voters.get(ALICE)?.choice).toBe('yes');
  });
});

describe('choiceOf', () => {
  it.each<[string[], number, VoteChoice]>([
    [['yes'], 1, 'yes'],
    [['no'], 1, 'no'],
    [['abstain'], 1, 'abstain'],
    [[], 1, 'none'],
    [['yes', 'bogus'], 1, 'yes'],
    [['bogus'], 1, 'spoiled'],
    [['yes', 'no'], 1, 'yes'],
    [['yes', 'yes'], 2, 'yes'],
    [['yes', 'no'], 2, 'spoiled'],
    [['yes', 'bogus'], 2, 'spoiled'],
    [['no'], 0, 'no'],
  ])('%j with max %i → %s', (answers, max, choice) => {
    expect(choiceOf({ answers }, max)).toBe(choice);
  });
});

describe('isLaterResponse and applyResponse fold votes one by one with the same rule', () => {
  const base = vote(ALICE, ['yes'], 10, { eventId: '$m' });
  it.each<[string, RawVote, boolean]>([
    ['later ts', { ...base, ts: 11, eventId: '$a' }, true],
    ['earlier ts', { ...base, ts: 9, eventId: '$z' }, false],
    ['same ts, larger id', { ...base, eventId: '$n' }, true],
    ['same ts, smaller id', { ...base, eventId: '$l' }, false],
    ['the same event again', { ...base }, false],
  ])('%s', (_case, incoming, later) => {
    expect(isLaterResponse(incoming, base)).toBe(later);
    expect(applyResponse(base, incoming)).toBe(later ? incoming : base);
  });

  it('takes the incoming response when there is none yet', () => {
    expect(applyResponse(undefined, base)).toBe(base);
  });

  it('folding in any order gives the same result as the whole-list count', () => {
    const votes = [
      vote(ALICE, ['yes'], 10, { eventId: '$c' }),
      vote(ALICE, ['no'], 30, { eventId: '$a' }),
      vote(ALICE, ['abstain'], 30, { eventId: '$b' }),
      vote(ALICE, [], 20, { eventId: '$d' }),
    ];
    const orders = [votes, [...votes].reverse(), [votes[2], votes[0], votes[3], votes[1]] as RawVote[]];
    for (const order of orders) {
      const folded = order.reduce<RawVote | undefined>(applyResponse, undefined);
      expect(folded?.eventId).toBe('$b');
      expect(countVotes({ votes: order, eligible: ELIGIBLE, closedAt: CLOSE }).voters.get(ALICE)?.choice).toBe('abstain');
    }
  });
});
