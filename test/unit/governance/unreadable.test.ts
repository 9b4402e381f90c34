import { describe, expect, it } from 'vitest';
import { countWithUnreadable, decideWithUnreadable, unreadableSentence } from '../../../governance/unreadable.ts';
import { decideOutcome, formatResultLine } from '../../../governance/outcome.ts';
import type { Outcome, RawVote, Rules, Tally, UnreadableResponse } from '../../../governance/types.ts';

const CLOSE = 1_000;
const ALICE = '@alice:example.social';
const BOB = '@bob:example.social';
const CAROL = '@carol:example.social';
const MALLORY = '@mallory:elsewhere.org';
const ELIGIBLE: ReadonlySet<string> = new Set([ALICE, BOB, CAROL]);
const ROOM = '!town:example.social';

const vote = (voter: string, answers: string[], ts: number, eventId = `$v${voter}${ts}`): RawVote => ({ voter, answers, ts, eventId, roomId: ROOM, source: 'poll' });
const enc = (voter: string, ts: number, eventId = `$u${voter}${ts}`): UnreadableResponse => ({ voter, ts, eventId, roomId: ROOM });

function count(votes: RawVote[], unreadable: UnreadableResponse[]) {
  return countWithUnreadable({ votes, unreadable, eligible: ELIGIBLE, closedAt: CLOSE });
}

describe('countWithUnreadable: the latest response per voter decides, readable or not', () => {
  it('without unreadable responses it is countVotes, and the tally has no unreadable key', () => {
    const { tally } = count([vote(ALICE, ['yes'], 10), vote(BOB, ['no'], 10)], []);
    expect(tally).toEqual({ yes: 1, no: 1, abstain: 0, spoiled: 0, eligible: 3, cast: 2 });
    expect('unreadable' in tally).toBe(false);
  });

  it('an unreadable response after a readable one replaces it', () => {
    const result = count([vote(ALICE, ['yes'], 10)], [enc(ALICE, 20)]);
    expect(result.tally).toEqual({ yes: 0, no: 0, abstain: 0, spoiled: 0, eligible: 3, cast: 0, unreadable: 1 });
    expect([...result.unreadableVoters]).toEqual([ALICE]);
  });

  it('a readable response after an unreadable one counts', () => {
    const { tally } = count([vote(ALICE, ['no'], 30)], [enc(ALICE, 20)]);
    expect(tally).toEqual({ yes: 0, no: 1, abstain: 0, spoiled: 0, eligible: 3, cast: 1 });
  });

  it('the same ts is ordered by event id, as for readable responses', () => {
    expect(count([vote(ALICE, ['yes'], 20, '$b')], [enc(ALICE, 20, '$a')]).tally.yes).toBe(1);
    expect(count([vote(ALICE, ['yes'], 20, '$a')], [enc(ALICE, 20, '$b')]).tally.unreadable).toBe(1);
  });

  it('an unreadable response after the close is ignored', () => {
    const { tally } = count([vote(ALICE, ['yes'], 10)], [enc(ALICE, CLOSE + 1)]);
    expect(tally.yes).toBe(1);
    expect(tally.unreadable).toBeUndefined();
  });

  it('a readable response after the close does not replace an unreadable one', () => {
    expect(count([vote(ALICE, ['yes'], CLOSE + 1)], [enc(ALICE, 10)]).tally.unreadable).toBe(1);
  });

  it('several unreadable responses of one voter are one unreadable vote', () => {
    expect(count([], [enc(ALICE, 10), enc(ALICE, 20), enc(BOB, 5)]).tally.unreadable).toBe(2);
  });

  it('an ineligible voter is kept on record but not counted', () => {
    const result = count([], [enc(MALLORY, 10)]);
    expect(result.tally.unreadable).toBeUndefined();
    expect(result.unreadableVoters.has(MALLORY)).toBe(true);
  });
});

const RULES: Rules = {
  quorum: { minVoters: 3, minTurnoutPercent: 0 },
  thresholds: { suspend: { numerator: 2, denominator: 3 }, limit: { numerator: 1, denominator: 2 }, lift: { numerator: 1, denominator: 2 } },
};
const tally = (yes: number, no: number, abstain: number, unreadable: number, eligible = 20): Tally => ({
  yes,
  no,
  abstain,
  spoiled: 0,
  eligible,
  cast: yes + no + abstain,
  ...(unreadable ? { unreadable } : {}),
});

describe('decideWithUnreadable: the outcome stands only when no way the unreadable votes went would change it', () => {
  it.each<[string, Tally, boolean, Outcome[]]>([
    ['no unreadable votes: the ordinary decision', tally(6, 1, 0, 0), false, ['approved']],
    ['approved either way: stands', tally(9, 1, 0, 1), false, ['approved']],
    ['rejected either way: stands', tally(1, 9, 0, 2), false, ['rejected']],
    ['all no would reject: incomplete', tally(4, 1, 0, 2), true, ['approved', 'rejected']],
    ['all yes would approve: incomplete', tally(3, 2, 0, 2), true, ['rejected', 'approved']],
    ['quorum met only if they were votes: incomplete', tally(2, 0, 0, 1), true, ['no_quorum', 'approved']],
    ['quorum met only if they were votes, and they could reject: incomplete', tally(1, 1, 0, 1), true, ['no_quorum', 'rejected', 'approved']],
    ['far from quorum either way: stands as no quorum', tally(0, 0, 1, 1, 20), false, ['no_quorum']],
  ])('%s', (_name, t, incomplete, possible) => {
    const result = decideWithUnreadable(t, 'suspend', RULES);
    expect(result.incomplete).toBe(incomplete);
    expect(result.possible.sort()).toEqual([...possible].sort());
  });

  it('the decision itself is made on the readable votes only', () => {
    const result = decideWithUnreadable(tally(2, 0, 0, 1), 'suspend', RULES);
    expect(result.decision).toEqual(decideOutcome(tally(2, 0, 0, 0), 'suspend', RULES));
  });

  it('an unreadable vote may be an abstention that only makes the quorum', () => {
    // 2 yes 1 no: threshold met (2/3), quorum 4 not met; an abstention would meet it and approve.
    const result = decideWithUnreadable(tally(2, 1, 0, 1), 'suspend', { ...RULES, quorum: { minVoters: 4, minTurnoutPercent: 0 } });
    expect(result.incomplete).toBe(true);
    expect(result.possible).toContain('approved');
  });
});

describe('the result line with unreadable votes', () => {
  const line = (t: Tally, incomplete = false) =>
    formatResultLine({ number: 12, action: 'suspend', domain: 'threads.net', tally: t, decision: decideOutcome({ ...t, unreadable: undefined }, 'suspend', RULES), incomplete });

  it('keeps its form, with " · unreadable N" after spoiled, counted among those who voted', () => {
    expect(line(tally(9, 1, 0, 1))).toBe(
      'Proposal 12 (suspend threads.net): approved — yes 9 · no 1 · abstain 0 · spoiled 0 · unreadable 1 · 11 of 20 eligible voted (55%) · quorum 3 met · threshold 2/3 met',
    );
  });

  it('says incomplete in place of the outcome', () => {
    expect(line(tally(4, 1, 0, 2), true)).toBe(
      'Proposal 12 (suspend threads.net): incomplete — yes 4 · no 1 · abstain 0 · spoiled 0 · unreadable 2 · 7 of 20 eligible voted (35%) · quorum 3 met · threshold 2/3 met',
    );
  });

  it('has no unreadable field when there were none', () => {
    expect(line(tally(9, 1, 0, 0))).not.toContain('unreadable');
  });

  it('the sentence', () => {
    expect(unreadableSentence(1)).toBe('1 encrypted response could not be read');
    expect(unreadableSentence(2)).toBe('2 encrypted responses could not be read');
  });
});
