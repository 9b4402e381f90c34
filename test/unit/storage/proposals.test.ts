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
    store.proposals.advance(proposal.id, { type: 'withdraw' }, { fields: { closedAt: T0 } });
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
    expect(store.proposals.advance(proposal.id, { type: 'close' })).toEqual({ ok: false, reason: 'proposal is not open yet (it still needs seconds)' });
    expect(store.proposals.advance(proposal.id, { type: 'open' })).toMatchObject({ ok: true, proposal: { state: 'open' } });
    expect(store.proposals.advance(proposal.id, { type: 'open' })).toEqual({ ok: false, reason: 'proposal is already open' });
    expect(store.proposals.advance(proposal.id, { type: 'cancel' }).ok).toBe(true);
    expect(store.proposals.advance(999, { type: 'open' })).toEqual({ ok: false, reason: 'there is no proposal 999' });
    expect(store.proposals.get(proposal.id)?.state).toBe('cancelled');
  });

  it('write the given columns with the state, and only those', () => {
    const clock = fakeClock();
    const store = memoryStore(clock);
    const { proposal } = store.proposals.create(newProposal());
    clock.advance(1000);
    store.proposals.advance(proposal.id, { type: 'open' }, { fields: { openedAt: T0 + 1000, deadlineAt: T0 + 5000, rules: RULES } });
    const tally = { yes: 9, no: 3, abstain: 2, spoiled: 1, eligible: 40, cast: 14 };
    store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt: T0 + 5000 } });
    store.proposals.advance(proposal.id, { type: 'count', outcome: 'approved' }, { fields: { tally, resultLine: 'Proposal 1 …' } });
    store.proposals.advance(proposal.id, { type: 'start_apply' }, { fields: { applyError: 'HTTP 503' } });
    store.proposals.advance(proposal.id, { type: 'applied' }, { fields: { appliedAt: T0 + 6000, mastodonBlockId: '17', applyError: null } });
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
    const job = { kind: 'finish_close', key: 'finish:1', runAt: T0, proposalId: proposal.id };
    const refused = store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt: T0 }, jobs: [job] });
    expect(refused.ok).toBe(false);
    expect(store.proposals.get(proposal.id)?.closedAt).toBeUndefined();
    expect(store.jobs.getByKey('finish:1')).toBeUndefined();
  });

  it('schedule their outbox jobs and run their effects in the same transaction, or none of it', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(newProposal());
    const job = { kind: 'close', key: 'close:1', runAt: T0 + 10, proposalId: proposal.id };
    expect(() =>
      store.proposals.advance(proposal.id, { type: 'open' }, {
        jobs: [job],
        effects: () => {
          throw new Error('the audit write failed');
        },
      }),
    ).toThrow('the audit write failed');
    expect(store.proposals.get(proposal.id)?.state).toBe('proposed');
    expect(store.jobs.getByKey('close:1')).toBeUndefined();
    const seen: string[] = [];
    store.proposals.advance(proposal.id, { type: 'open' }, { jobs: [job], effects: (p) => seen.push(p.state) });
    expect(seen).toEqual(['open']);
    expect(store.jobs.getByKey('close:1')).toMatchObject({ kind: 'close', runAt: T0 + 10, state: 'pending' });
  });

  it('a count stores its outcome; a field update leaves the state alone and needs the state it names', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(newProposal());
    store.proposals.advance(proposal.id, { type: 'open' });
    store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt: T0 } });
    store.proposals.advance(proposal.id, { type: 'count', outcome: 'rejected' });
    expect(store.proposals.get(proposal.id)).toMatchObject({ state: 'rejected', outcome: 'rejected' });
    expect(store.proposals.update(proposal.id, 'approved', { resultLine: 'no' })).toBe(false);
    expect(store.proposals.update(proposal.id, 'rejected', { resultLine: 'yes' })).toBe(true);
    expect(store.proposals.get(proposal.id)).toMatchObject({ state: 'rejected', resultLine: 'yes' });
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
    store.proposals.advance(a, { type: 'open' });
    store.proposals.advance(a, { type: 'close' }, { fields: { closedAt: T0 + 20 } });
    store.proposals.advance(a, { type: 'count', outcome: 'rejected' });
    store.proposals.advance(b, { type: 'withdraw' }, { fields: { closedAt: T0 + 30 } });
    store.proposals.advance(c, { type: 'open' });
    store.proposals.advance(c, { type: 'close' }, { fields: { closedAt: T0 + 10 } });
    store.proposals.advance(c, { type: 'count', outcome: 'approved' });
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
