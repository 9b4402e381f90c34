import { describe, expect, it } from 'vitest';
import type { Rules } from '../../../governance/types.ts';
import { ActiveProposalExistsError } from '../../../storage/errors.ts';
import { T0, fakeClock, memoryStore, newProposal } from './storage-fixtures.ts';

const RULES: Rules = {
  quorum: { minVoters: 10, minTurnoutPercent: 20 },
  thresholds: {
    suspend: { numerator: 2, denominator: 3 },
    limit: { numerator: 1, denominator: 2 },
    lift: { numerator: 1, denominator: 2 },
  },
};

describe('creating proposals', () => {
  it('numbers them in order and fills in defaults', () => {
    const store = memoryStore();
    const a = store.proposals.create(newProposal({ originEventId: '$cmd1' }));
    const b = store.proposals.create(newProposal({ domain: 'example.com', action: 'limit', rejectMedia: true }));
    expect([a.proposal.id, b.proposal.id]).toEqual([1, 2]);
    expect(a).toEqual({
      created: true,
      proposal: {
        id: 1,
        domain: 'threads.net',
        action: 'suspend',
        rejectMedia: false,
        rejectReports: false,
        obfuscate: false,
        durationMs: 7 * 86_400_000,
        proposer: '@alice:example.social',
        originRoomId: '!townhall:example.social',
        originEventId: '$cmd1',
        state: 'proposed',
        secondsRequired: 0,
        createdAt: T0,
        updatedAt: T0,
      },
    });
    expect(b.proposal).toMatchObject({ action: 'limit', rejectMedia: true });
  });

  it('returns the same proposal when the same command is processed again', () => {
    const store = memoryStore();
    const first = store.proposals.create(newProposal({ originEventId: '$cmd1' }));
    const again = store.proposals.create(newProposal({ originEventId: '$cmd1' }));
    expect(again).toEqual({ proposal: first.proposal, created: false });
    expect(store.proposals.listActive()).toHaveLength(1);
  });

  it('refuses a second active proposal for a domain, but not after the first ended', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(newProposal());
    expect(() => store.proposals.create(newProposal({ action: 'limit' }))).toThrow(ActiveProposalExistsError);
    expect(() => store.proposals.create(newProposal())).toThrow('proposal 1 for threads.net is still open');
    store.proposals.setState(proposal.id, 'proposed', 'withdrawn', { closedAt: T0 });
    expect(store.proposals.create(newProposal()).proposal.id).toBe(2);
  });

  it('keeps evidence with its visibility', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(
      newProposal({
        evidence: [
          { url: 'https://example.org/public', visibility: 'public' },
          { url: 'https://example.org/private', visibility: 'private' },
          { url: 'https://example.org/public', visibility: 'public' },
        ],
      }),
    );
    expect(store.proposals.evidence(proposal.id)).toHaveLength(2);
    expect(store.proposals.evidence(proposal.id, 'public')).toEqual([{ url: 'https://example.org/public', visibility: 'public' }]);
  });
});

describe('state changes', () => {
  it('happen only from the expected state', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(newProposal());
    expect(store.proposals.setState(proposal.id, 'open', 'closed')).toBe(false);
    expect(store.proposals.setState(proposal.id, 'proposed', 'open')).toBe(true);
    expect(store.proposals.setState(proposal.id, 'proposed', 'open')).toBe(false);
    expect(store.proposals.setState(proposal.id, ['proposed', 'open'], 'cancelled')).toBe(true);
    expect(store.proposals.setState(999, 'proposed', 'open')).toBe(false);
    expect(store.proposals.get(proposal.id)?.state).toBe('cancelled');
  });

  it('write the given columns with the state, and only those', () => {
    const clock = fakeClock();
    const store = memoryStore(clock);
    const { proposal } = store.proposals.create(newProposal());
    clock.advance(1000);
    store.proposals.setState(proposal.id, 'proposed', 'open', { openedAt: T0 + 1000, deadlineAt: T0 + 5000, rules: RULES });
    const tally = { yes: 9, no: 3, abstain: 2, spoiled: 1, eligible: 40, cast: 14 };
    store.proposals.setState(proposal.id, 'open', 'closed', { closedAt: T0 + 5000 });
    store.proposals.setState(proposal.id, 'closed', 'approved', { outcome: 'approved', tally, resultLine: 'Proposal 1 …' });
    store.proposals.setState(proposal.id, 'approved', 'applying', { applyError: 'HTTP 503' });
    store.proposals.setState(proposal.id, 'applying', 'applied', { appliedAt: T0 + 6000, mastodonBlockId: '17', applyError: null });
    expect(store.proposals.get(proposal.id)).toMatchObject({
      state: 'applied',
      updatedAt: T0 + 1000,
      openedAt: T0 + 1000,
      deadlineAt: T0 + 5000,
      closedAt: T0 + 5000,
      appliedAt: T0 + 6000,
      rules: RULES,
      outcome: 'approved',
      tally,
      resultLine: 'Proposal 1 …',
      mastodonBlockId: '17',
      applyError: undefined,
    });
  });

  it('do not write anything when refused', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(newProposal());
    expect(store.proposals.setState(proposal.id, 'open', 'closed', { closedAt: T0 })).toBe(false);
    expect(store.proposals.get(proposal.id)?.closedAt).toBeUndefined();
  });
});

describe('listing proposals', () => {
  it('finds active ones, decisions and history by domain', () => {
    const clock = fakeClock();
    const store = memoryStore(clock);
    const ids = ['a.example', 'b.example', 'c.example', 'd.example'].map(
      (domain) => store.proposals.create(newProposal({ domain })).proposal.id,
    );
    const [a, b, c] = ids as [number, number, number];
    store.proposals.setState(a, 'proposed', 'open');
    store.proposals.setState(a, 'open', 'closed', { closedAt: T0 + 20 });
    store.proposals.setState(a, 'closed', 'rejected', { outcome: 'rejected' });
    store.proposals.setState(b, 'proposed', 'withdrawn', { closedAt: T0 + 30 });
    store.proposals.setState(c, 'proposed', 'open');
    store.proposals.setState(c, 'open', 'closed', { closedAt: T0 + 10 });
    store.proposals.setState(c, 'closed', 'approved', { outcome: 'approved' });
    const again = store.proposals.create(newProposal({ domain: 'a.example', action: 'limit' })).proposal.id;

    expect(store.proposals.listActive().map((p) => p.id)).toEqual([4, again]);
    expect(store.proposals.listDecided(10).map((p) => p.id)).toEqual([a, c]);
    expect(store.proposals.listRecentClosed(2).map((p) => p.id)).toEqual([b, a]);
    expect(store.proposals.listByDomain('a.example').map((p) => p.id)).toEqual([again, a]);
    expect(store.proposals.findActiveByDomain('a.example')?.id).toBe(again);
    expect(store.proposals.findActiveByDomain('c.example')).toBeUndefined();
    expect(store.proposals.listInStates(['approved', 'withdrawn']).map((p) => p.id)).toEqual([b, c]);
  });
});
