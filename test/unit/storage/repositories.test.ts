// The smaller repositories: polls, seconds, eligibility, pledges, account links, meta.

import { describe, expect, it } from 'vitest';
import { AccountAlreadyLinkedError } from '../../../storage/errors.ts';
import { T0, fakeClock, memoryStore, newProposal, openProposal } from './storage-fixtures.ts';

describe('polls', () => {
  it('are recorded before sending, then filled in once each event is sent', () => {
    const store = memoryStore();
    const p = openProposal(store);
    expect(store.polls.add({ proposalId: p.id, roomId: '!a:x', kind: 'disclosed' })).toBe(true);
    expect(store.polls.add({ proposalId: p.id, roomId: '!a:x', kind: 'undisclosed' })).toBe(false);
    expect(store.polls.add({ proposalId: p.id, roomId: '!b:x', kind: 'disclosed', startEventId: '$startB' })).toBe(true);
    expect(store.polls.get(p.id, '!a:x')).toEqual({ proposalId: p.id, roomId: '!a:x', kind: 'disclosed', createdAt: T0 });

    expect(store.polls.setStartEvent(p.id, '!a:x', '$startA')).toBe(true);
    expect(store.polls.setStartEvent(p.id, '!a:x', '$other')).toBe(false);
    expect(store.polls.setNoticeEvent(p.id, '!a:x', '$noticeA')).toBe(true);
    expect(store.polls.setEndEvent(p.id, '!a:x', '$endA', T0 + 9)).toBe(true);
    expect(store.polls.setEndEvent(p.id, '!a:x', '$endA2', T0 + 10)).toBe(false);
    expect(store.polls.setStartEvent(p.id, '!nowhere:x', '$s')).toBe(false);

    expect(store.polls.findByStartEvent('$startA')).toMatchObject({
      proposalId: p.id,
      roomId: '!a:x',
      noticeEventId: '$noticeA',
      endEventId: '$endA',
      endedAt: T0 + 9,
    });
    expect(store.polls.findByStartEvent('$unknown')).toBeUndefined();
    expect(store.polls.forProposal(p.id).map((poll) => poll.roomId)).toEqual(['!a:x', '!b:x']);
  });
});

describe('seconds and eligibility', () => {
  it('count each member once', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(newProposal({ secondsRequired: 2 }));
    expect(store.seconds.add(proposal.id, '@bob:x', T0 + 1)).toBe(true);
    expect(store.seconds.add(proposal.id, '@bob:x', T0 + 2)).toBe(false);
    expect(store.seconds.add(proposal.id, '@carol:x')).toBe(true);
    expect(store.seconds.count(proposal.id)).toBe(2);
    expect(store.seconds.list(proposal.id)).toEqual([
      { userId: '@carol:x', ts: T0 },
      { userId: '@bob:x', ts: T0 + 1 },
    ]);
  });

  it('keep the snapshot taken at opening', () => {
    const store = memoryStore();
    const p = openProposal(store, ['@b:x', '@a:x']);
    expect(store.eligibility.insertMany(p.id, ['@a:x', '@c:x'])).toBe(1);
    expect(store.eligibility.count(p.id)).toBe(3);
    expect(store.eligibility.list(p.id)).toEqual(['@a:x', '@b:x', '@c:x']);
    expect(store.eligibility.isEligible(p.id, '@b:x')).toBe(true);
    expect(store.eligibility.isEligible(p.id, '@late:x')).toBe(false);
  });
});

describe('pledges', () => {
  it('are recorded once per command and summed per currency, period and condition', () => {
    const store = memoryStore();
    const threads = { domain: 'threads.net', require: 'blocked' } as const;
    const monthlyEur = { amountMinor: 500, currency: 'EUR', period: 'monthly' } as const;
    const first = store.pledges.create({ pledger: '@a:x', ...monthlyEur, condition: threads, originEventId: '$p1' });
    const replay = store.pledges.create({ pledger: '@a:x', ...monthlyEur, originEventId: '$p1' });
    expect(replay).toEqual({ pledge: first.pledge, created: false });
    store.pledges.create({ pledger: '@b:x', amountMinor: 300, currency: 'EUR', period: 'monthly', condition: threads });
    store.pledges.create({ pledger: '@b:x', amountMinor: 6000, currency: 'USD', period: 'yearly' });
    const gone = store.pledges.create({ pledger: '@c:x', amountMinor: 100, currency: 'EUR', period: 'once' }).pledge;
    expect(store.pledges.setStatus(gone.id, 'active', 'withdrawn')).toBe(true);
    expect(store.pledges.setStatus(gone.id, 'active', 'released')).toBe(false);

    expect(first.pledge).toMatchObject({ id: 1, status: 'active', condition: threads, createdAt: T0 });
    expect(store.pledges.totals()).toEqual([
      { currency: 'EUR', period: 'monthly', condition: threads, status: 'active', count: 2, amountMinor: 800 },
      { currency: 'USD', period: 'yearly', condition: undefined, status: 'active', count: 1, amountMinor: 6000 },
    ]);
    expect(store.pledges.listByConditionDomain('threads.net').map((p) => p.pledger)).toEqual(['@a:x', '@b:x']);
    expect(store.pledges.listByPledger('@b:x', ['active']).map((p) => p.currency)).toEqual(['EUR', 'USD']);
    expect(store.pledges.listByStatus(['withdrawn']).map((p) => p.id)).toEqual([gone.id]);
  });

  it('refuse amounts and currencies that make no sense', () => {
    const store = memoryStore();
    expect(() => store.pledges.create({ pledger: '@a:x', amountMinor: 0, currency: 'EUR', period: 'once' })).toThrow(/CHECK/);
    expect(() => store.pledges.create({ pledger: '@a:x', amountMinor: 5, currency: 'eur', period: 'once' })).toThrow(/CHECK/);
    expect(() => store.pledges.create({ pledger: '@a:x', amountMinor: 2.5, currency: 'EUR', period: 'once' })).toThrow(/REAL/);
  });
});

describe('account links', () => {
  it('are one-to-one both ways', () => {
    const store = memoryStore();
    const alice = { matrixUserId: '@a:x', acct: 'alice', accountId: '1', accountCreatedAt: T0 - 1e9, verifiedAt: T0 };
    store.links.link(alice);
    expect(store.links.byAcct('ALICE')).toEqual(alice);
    const bob = { matrixUserId: '@b:x', verifiedAt: T0 };
    expect(() => store.links.link({ ...bob, acct: 'Alice', accountId: '9' })).toThrow(AccountAlreadyLinkedError);
    expect(() => store.links.link({ ...bob, acct: 'bob', accountId: '1' })).toThrow('alice is already linked to @a:x');
    store.links.link({ matrixUserId: '@a:x', acct: 'alice2', accountId: '2', verifiedAt: T0 + 1 });
    expect(store.links.byAccountId('1')).toBeUndefined();
    expect(store.links.byMatrixUser('@a:x')).toMatchObject({ acct: 'alice2', accountCreatedAt: undefined });
    expect(store.links.unlink('@a:x')).toBe(true);
    expect(store.links.byMatrixUser('@a:x')).toBeUndefined();
  });

  it('are proven by a code that expires, is used once and counts attempts', () => {
    const clock = fakeClock();
    const store = memoryStore(clock);
    const request = { matrixUserId: '@a:x', acct: 'alice', accountId: '1', expiresAt: T0 + 600_000 };
    const older = store.links.createCode({ ...request, codeHash: 'h1' });
    clock.advance(1);
    const code = store.links.createCode({ ...request, codeHash: 'h2' });
    expect(store.links.pendingCode('@a:x')?.id).toBe(code.id);
    expect(store.links.recordAttempt(code.id)).toBe(1);
    expect(store.links.recordAttempt(code.id)).toBe(2);
    expect(store.links.markCodeUsed(code.id)).toBe(true);
    expect(store.links.markCodeUsed(code.id)).toBe(false);
    expect(store.links.pendingCode('@a:x')?.id).toBe(older.id);
    expect(store.links.pendingCode('@a:x', T0 + 600_000)).toBeUndefined();
    expect(store.links.purgeCodes(T0 + 600_001)).toBe(2);
  });
});

describe('meta', () => {
  it('keeps named values', () => {
    const store = memoryStore();
    expect(store.meta.get('matrix.syncToken')).toBeUndefined();
    store.meta.set('matrix.syncToken', 's1');
    store.meta.set('matrix.syncToken', 's2');
    expect(store.meta.get('matrix.syncToken')).toBe('s2');
    expect(store.meta.delete('matrix.syncToken')).toBe(true);
    expect(store.meta.delete('matrix.syncToken')).toBe(false);
  });
});

describe('transactions', () => {
  it('keep all writes or none', () => {
    const store = memoryStore();
    expect(() =>
      store.transaction(() => {
        store.proposals.create(newProposal());
        store.meta.set('k', 'v');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.proposals.listActive()).toEqual([]);
    expect(store.meta.get('k')).toBeUndefined();
    expect(store.transaction(() => store.proposals.create(newProposal()).proposal.id)).toBe(1);
  });
});
