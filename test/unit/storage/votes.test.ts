import { describe, expect, it } from 'vitest';
import { countVotes } from '../../../governance/counting.ts';
import type { RawVote } from '../../../governance/types.ts';
import { T0, memoryStore, openProposal, vote } from './storage-fixtures.ts';

const ALICE = '@alice:example.social';
const BOB = '@bob:example.social';
const CAROL = '@carol:example.social';
const MALLORY = '@mallory:elsewhere.example';

describe('recording votes', () => {
  it('is idempotent on the event id', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE]);
    const v = vote(ALICE, ['yes'], T0 + 1);
    expect(store.votes.recordVote(p.id, v)).toBe(true);
    expect(store.votes.recordVote(p.id, v)).toBe(false);
    expect(store.votes.recordVote(p.id, { ...v, answers: ['no'] })).toBe(false);
    expect(store.votes.votesFor(p.id)).toHaveLength(1);
    expect(store.votes.tally(p.id)).toMatchObject({ yes: 1, no: 0, cast: 1 });
  });

  it('keeps every response with its validity, and the answer it counts as', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE]);
    const sent = [
      vote(ALICE, ['yes'], T0 + 1, { source: 'text', roomId: '!staff:example.social' }),
      vote(ALICE, ['no', 'yes'], T0 + 2),
      vote(ALICE, ['maybe'], T0 + 3),
      vote(ALICE, [], T0 + 4),
    ];
    for (const v of sent) store.votes.recordVote(p.id, v, T0 + 100);
    expect(store.votes.votesFor(p.id)).toEqual(
      sent.map((v, i) => ({
        ...v,
        id: i + 1,
        proposalId: p.id,
        validity: ['valid', 'valid', 'spoiled', 'unvote'][i],
        answer: ['yes', 'no', undefined, undefined][i],
        redacted: false,
        receivedAt: T0 + 100,
      })),
    );
    expect(store.votes.findByEventId(sent[2]!.eventId)?.answers).toEqual(['maybe']);
  });
});

describe('the current vote of a voter', () => {
  it('is replaced by a later response, whichever room or way it came', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE]);
    store.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 1));
    const later = vote(ALICE, ['no'], T0 + 2, { source: 'text', roomId: '!staff:example.social' });
    store.votes.recordVote(p.id, later);
    expect(store.votes.currentVote(p.id, ALICE)).toEqual({
      voter: ALICE,
      choice: 'no',
      eventId: later.eventId,
      ts: T0 + 2,
      roomId: '!staff:example.social',
      source: 'text',
    });
  });

  it('is not replaced by an earlier response that arrives late', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE]);
    store.votes.recordVote(p.id, vote(ALICE, ['no'], T0 + 5));
    store.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 1));
    expect(store.votes.currentVote(p.id, ALICE)?.choice).toBe('no');
  });

  it('breaks a tie of timestamps by the larger event id, in either arrival order', () => {
    for (const order of [0, 1]) {
      const store = memoryStore();
      const p = openProposal(store, [ALICE]);
      const small = vote(ALICE, ['yes'], T0 + 1, { eventId: '$AAAA' });
      const large = vote(ALICE, ['no'], T0 + 1, { eventId: '$aaaa' });
      for (const v of order ? [large, small] : [small, large]) store.votes.recordVote(p.id, v);
      expect(store.votes.currentVote(p.id, ALICE)?.eventId).toBe('$aaaa');
    }
  });

  it('orders tied event ids by UTF-16 code units, as governance/counting.ts does', () => {
    // In UTF-8 bytes U+FF21 sorts after U+1F600; in UTF-16 code units it sorts before it (0xFF21 > 0xD83D).
    const store = memoryStore();
    const p = openProposal(store, [ALICE]);
    store.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 1, { eventId: '$\u{1F600}' }));
    store.votes.recordVote(p.id, vote(ALICE, ['no'], T0 + 1, { eventId: '$\uFF21' }));
    expect(store.votes.currentVote(p.id, ALICE)?.choice).toBe('no');
  });

  it('is spoiled when the latest response is, even after a valid one', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE]);
    store.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 1));
    store.votes.recordVote(p.id, vote(ALICE, ['maybe'], T0 + 2));
    expect(store.votes.currentVote(p.id, ALICE)?.choice).toBe('spoiled');
    expect(store.votes.tally(p.id)).toMatchObject({ yes: 0, spoiled: 1, cast: 0 });
  });

  it('is none after an un-vote, and an older response arriving late does not bring one back', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE]);
    store.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 2));
    store.votes.recordVote(p.id, vote(ALICE, [], T0 + 3));
    store.votes.recordVote(p.id, vote(ALICE, ['no'], T0 + 1));
    expect(store.votes.currentVote(p.id, ALICE)?.choice).toBe('none');
    expect(store.votes.tally(p.id)).toEqual({ yes: 0, no: 0, abstain: 0, spoiled: 0, eligible: 1, cast: 0 });
  });

  it('ignores responses after the close, but keeps them on record', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE, BOB]);
    store.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 10));
    store.proposals.advance(p.id, { type: 'close' }, { fields: { closedAt: T0 + 100 } });
    store.votes.recordVote(p.id, vote(ALICE, ['no'], T0 + 101));
    store.votes.recordVote(p.id, vote(BOB, ['no'], T0 + 100));
    expect(store.votes.tally(p.id)).toMatchObject({ yes: 1, no: 1 });
    expect(store.votes.votesFor(p.id)).toHaveLength(3);
  });

  it('is re-derived when the close time is set after later responses were recorded', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE, BOB]);
    store.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 10));
    store.votes.recordVote(p.id, vote(ALICE, ['no'], T0 + 200));
    store.votes.recordVote(p.id, vote(BOB, ['abstain'], T0 + 300));
    expect(store.votes.tally(p.id)).toMatchObject({ yes: 0, no: 1, abstain: 1 });
    // The bot was down at the deadline and closes late, at the deadline's time.
    store.proposals.advance(p.id, { type: 'close' }, { fields: { closedAt: T0 + 100 } });
    expect(store.votes.tally(p.id)).toMatchObject({ yes: 1, no: 0, abstain: 0, cast: 1 });
    expect(store.votes.currentVote(p.id, BOB)).toBeUndefined();
  });
});

describe('redaction', () => {
  it('of the current response falls back to the previous non-redacted one', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE]);
    const first = vote(ALICE, ['yes'], T0 + 1);
    const second = vote(ALICE, ['abstain'], T0 + 2);
    const third = vote(ALICE, ['no'], T0 + 3);
    for (const v of [first, second, third]) store.votes.recordVote(p.id, v);
    expect(store.votes.markRedacted(second.eventId)).toBe(true);
    expect(store.votes.currentVote(p.id, ALICE)?.choice).toBe('no');
    expect(store.votes.markRedacted(third.eventId)).toBe(true);
    expect(store.votes.currentVote(p.id, ALICE)?.eventId).toBe(first.eventId);
    expect(store.votes.markRedacted(first.eventId)).toBe(true);
    expect(store.votes.currentVote(p.id, ALICE)).toBeUndefined();
    expect(store.votes.tally(p.id).cast).toBe(0);
  });

  it('is a no-op for unknown or already redacted events, and keeps the response on record', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE]);
    const v = vote(ALICE, ['yes'], T0 + 1);
    store.votes.recordVote(p.id, v);
    expect(store.votes.markRedacted('$unknown')).toBe(false);
    expect(store.votes.markRedacted(v.eventId)).toBe(true);
    expect(store.votes.markRedacted(v.eventId)).toBe(false);
    expect(store.votes.votesFor(p.id)).toEqual([]);
    expect(store.votes.votesFor(p.id, { includeRedacted: true })).toMatchObject([{ eventId: v.eventId, redacted: true }]);
  });
});

describe('the tally', () => {
  it('counts only eligible voters, spoiled votes apart, un-votes not at all', () => {
    const store = memoryStore();
    const p = openProposal(store, [ALICE, BOB, CAROL, '@dave:example.social']);
    store.votes.recordVote(p.id, vote(ALICE, ['yes'], T0 + 1));
    store.votes.recordVote(p.id, vote(BOB, ['no'], T0 + 1));
    store.votes.recordVote(p.id, vote(BOB, ['maybe'], T0 + 2));
    store.votes.recordVote(p.id, vote(CAROL, ['abstain'], T0 + 1));
    store.votes.recordVote(p.id, vote(CAROL, [], T0 + 2));
    store.votes.recordVote(p.id, vote(MALLORY, ['yes'], T0 + 1));
    expect(store.votes.tally(p.id)).toEqual({ yes: 1, no: 0, abstain: 0, spoiled: 1, eligible: 4, cast: 1 });
    expect(store.votes.currentVote(p.id, MALLORY)?.choice).toBe('yes');
  });

  it('is empty for a proposal nobody voted on', () => {
    const store = memoryStore();
    const p = openProposal(store);
    expect(store.votes.tally(p.id)).toEqual({ yes: 0, no: 0, abstain: 0, spoiled: 0, eligible: 0, cast: 0 });
  });

  it('keeps proposals apart', () => {
    const store = memoryStore();
    const a = openProposal(store, [ALICE]);
    const b = openProposal(store, [ALICE], { domain: 'example.com' });
    store.votes.recordVote(a.id, vote(ALICE, ['yes'], T0 + 1));
    store.votes.recordVote(b.id, vote(ALICE, ['no'], T0 + 2));
    expect(store.votes.tally(a.id)).toMatchObject({ yes: 1, no: 0 });
    expect(store.votes.tally(b.id)).toMatchObject({ yes: 0, no: 1 });
  });

  it('agrees with a full recount by governance/counting.ts, whatever the arrival order', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const voters = Array.from({ length: 40 }, (_, i) => `@v${i}:example.social`);
    const answers = [['yes'], ['no'], ['abstain'], ['maybe'], [], ['no', 'yes']];
    const responses: RawVote[] = Array.from({ length: 600 }, (_, i) =>
      vote(voters[Math.floor(rnd() * 40)]!, answers[Math.floor(rnd() * answers.length)]!, T0 + Math.floor(rnd() * 50), {
        eventId: `$${Math.floor(rnd() * 1e9).toString(36)}${i}`,
      }),
    );
    const store = memoryStore();
    const p = openProposal(store, voters.slice(0, 30));
    store.transaction(() => responses.forEach((v) => store.votes.recordVote(p.id, v)));
    const redacted = new Set(responses.filter(() => rnd() < 0.1).map((v) => v.eventId));
    for (const id of redacted) store.votes.markRedacted(id);
    const closedAt = T0 + 40;
    const eligible = new Set(voters.slice(0, 30));
    const kept = () => responses.filter((v) => !redacted.has(v.eventId));

    expect(store.votes.tally(p.id)).toEqual(countVotes({ votes: kept(), eligible, closedAt: Infinity }).tally);
    store.proposals.advance(p.id, { type: 'close' }, { fields: { closedAt } });
    const expected = countVotes({ votes: kept(), eligible, closedAt });
    expect(store.votes.tally(p.id)).toEqual(expected.tally);
    expect(countVotes({ votes: store.votes.votesFor(p.id), eligible, closedAt }).tally).toEqual(expected.tally);
    for (const [voter, record] of expected.voters) {
      expect(store.votes.currentVote(p.id, voter)).toMatchObject({ choice: record.choice, eventId: record.eventId });
    }
  });
});
