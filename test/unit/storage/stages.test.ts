import { describe, expect, it } from 'vitest';
import { memoryStore, newProposal, T0 } from './storage-fixtures.ts';

const DAY = 86_400_000;

describe('proposal plans (second stages and review dates)', () => {
  it('keeps nothing for a proposal that plans nothing', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(newProposal());
    store.plans.save(proposal.id, {});
    expect(store.plans.get(proposal.id)).toBeUndefined();
  });
  it('keeps a pending second stage and a review, reminds once, ends once', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(newProposal({ action: 'limit' }));
    store.plans.save(proposal.id, { secondStage: { action: 'suspend', afterMs: 30 * DAY }, reviewAfterMs: 365 * DAY });
    expect(store.plans.get(proposal.id)).toEqual({
      proposalId: proposal.id,
      secondStage: { action: 'suspend', afterMs: 30 * DAY, status: 'pending', remindedAt: undefined, doneAt: undefined, supersededBy: undefined },
      reviewAfterMs: 365 * DAY,
      reviewRemindedAt: undefined,
    });
    expect(store.plans.listPendingStages().map((p) => p.proposalId)).toEqual([proposal.id]);
    expect(store.plans.markStageReminded(proposal.id, T0 + 23 * DAY)).toBe(true);
    expect(store.plans.markStageReminded(proposal.id, T0 + 24 * DAY)).toBe(false);
    expect(store.plans.finishStage(proposal.id, 'applied', T0 + 30 * DAY)).toBe(true);
    expect(store.plans.finishStage(proposal.id, 'superseded', T0 + 31 * DAY)).toBe(false);
    expect(store.plans.get(proposal.id)?.secondStage).toMatchObject({ status: 'applied', remindedAt: T0 + 23 * DAY, doneAt: T0 + 30 * DAY });
    expect(store.plans.listPendingStages()).toEqual([]);
  });
  it('marks a review reminder once, also for a decision reviewed by governance.reviewAfter alone', () => {
    const store = memoryStore();
    const { proposal } = store.proposals.create(newProposal());
    expect(store.plans.markReviewReminded(proposal.id, T0)).toBe(true);
    expect(store.plans.markReviewReminded(proposal.id, T0 + 1)).toBe(false);
    expect(store.plans.get(proposal.id)).toMatchObject({ reviewRemindedAt: T0 });
  });
});
