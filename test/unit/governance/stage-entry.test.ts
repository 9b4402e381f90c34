import { describe, expect, it } from 'vitest';
import { chain, decisionEntry, verifyChain, type DecisionFacts } from '../../../governance/log-entry.ts';
import { stageEntry } from '../../../governance/stage-entry.ts';

const T0 = Date.parse('2026-01-10T12:00:00Z');
const DAY = 86_400_000;

const facts: DecisionFacts = {
  number: 4,
  domain: 'x.example',
  action: 'limit',
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  publicEvidence: [],
  proposer: '@ann:test',
  closedAt: T0,
  outcome: 'approved',
  imported: false,
};

describe('log entries of staged decisions and review dates', () => {
  it('an entry without a second stage or review has neither key, so old entries hash as before', () => {
    const entry = decisionEntry(facts, []);
    expect('secondStage' in entry).toBe(false);
    expect('reviewAt' in entry).toBe(false);
  });
  it('states the second stage and the review date', () => {
    const entry = decisionEntry({ ...facts, secondStage: { action: 'suspend', afterMs: 30 * DAY }, reviewAt: T0 + 365 * DAY }, []);
    expect(entry.secondStage).toEqual({ action: 'suspend', after: '30d' });
    expect(entry.reviewAt).toBe('2027-01-10T12:00:00.000Z');
  });
  it('a rejected decision has no review date', () => {
    expect('reviewAt' in decisionEntry({ ...facts, outcome: 'rejected', reviewAt: T0 + DAY }, [])).toBe(false);
  });
  it('records the second stage applied, or superseded by a later decision, in the chain', () => {
    const first = chain(decisionEntry(facts, []), undefined);
    const applied = chain(stageEntry(4, 'suspend', T0 + 30 * DAY, { mastodonBlockId: '17' }), first);
    expect(applied).toMatchObject({ kind: 'stage', number: 4, action: 'suspend', outcome: 'applied', at: '2026-02-09T12:00:00.000Z', supersededBy: null, mastodonBlockId: '17' });
    const superseded = stageEntry(4, 'suspend', T0 + 3 * DAY, { supersededBy: 9 });
    expect(superseded).toEqual({ kind: 'stage', number: 4, action: 'suspend', outcome: 'superseded', at: '2026-01-13T12:00:00.000Z', supersededBy: 9, mastodonBlockId: null });
    expect(verifyChain([first, applied])).toMatchObject({ intact: true, entries: 2 });
  });
});
