import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../bot/scheduler.ts';
import { T0, fakeClock, memoryStore, openProposal } from './storage-fixtures.ts';


describe('scheduling', () => {
  it('is idempotent by key', () => {
    const store = memoryStore();
    const p = openProposal(store);
    const first = store.jobs.schedule({ kind: 'close', key: 'close:1', runAt: T0 + 100, proposalId: p.id, payload: { a: 1 } });
    const again = store.jobs.schedule({ kind: 'close', key: 'close:1', runAt: T0 + 999, payload: { a: 2 } });
    expect(first.created).toBe(true);
    expect(again).toEqual({ job: first.job, created: false });
    expect(first.job).toMatchObject({ kind: 'close', key: 'close:1', runAt: T0 + 100, proposalId: p.id, payload: { a: 1 } });
    expect(first.job).toMatchObject({ state: 'pending', attempts: 0, createdAt: T0 });
  });

  it('hands out due jobs earliest first, and tells when the next one is due', () => {
    const store = memoryStore();
    store.jobs.schedule({ kind: 'b', key: 'b', runAt: T0 + 20 });
    store.jobs.schedule({ kind: 'a', key: 'a', runAt: T0 + 10 });
    store.jobs.schedule({ kind: 'c', key: 'c', runAt: T0 + 30 });
    expect(store.jobs.nextRunAt()).toBe(T0 + 10);
    expect(store.jobs.due(T0 + 5)).toEqual([]);
    expect(store.jobs.due(T0 + 20).map((j) => j.key)).toEqual(['a', 'b']);
    expect(store.jobs.due(T0 + 30, 1).map((j) => j.key)).toEqual(['a']);
  });
});

describe('running', () => {
  it('hands each lane only its own kinds, so a slow lane cannot hold up the other', () => {
    const store = memoryStore();
    store.jobs.schedule({ kind: 'apply', key: 'apply:1', runAt: T0 });
    store.jobs.schedule({ kind: 'close', key: 'close:1', runAt: T0 + 1 });
    store.jobs.schedule({ kind: 'notice', key: 'notice:1', runAt: T0 + 2 });
    const kinds = (jobs: { kind: string }[]) => jobs.map((j) => j.kind);
    expect(kinds(store.jobs.dueInLane({ kinds: ['apply'] }, T0 + 5))).toEqual(['apply']);
    expect(kinds(store.jobs.dueInLane({ kinds: ['apply'], exclude: true }, T0 + 5))).toEqual(['close', 'notice']);
    expect(kinds(store.jobs.dueInLane({ kinds: ['apply'], exclude: true }, T0))).toEqual([]);
  });

  it('lets only one claim win, and completes', () => {
    const store = memoryStore();
    const { job } = store.jobs.schedule({ kind: 'close', key: 'close:1', runAt: T0 });
    expect(store.jobs.claim(job.id, T0 - 1)).toBeUndefined();
    expect(store.jobs.claim(job.id, T0)).toMatchObject({ state: 'running', attempts: 1, claimedAt: T0 });
    expect(store.jobs.claim(job.id, T0)).toBeUndefined();
    expect(store.jobs.due(T0 + 1)).toEqual([]);
    expect(store.jobs.complete(job.id, T0 + 5)).toBe(true);
    expect(store.jobs.complete(job.id, T0 + 5)).toBe(false);
    expect(store.jobs.get(job.id)).toMatchObject({ state: 'done', finishedAt: T0 + 5 });
    expect(store.jobs.nextRunAt()).toBeUndefined();
  });

  it("retries a failure after the runner's growing delay, then gives up when told no retry", () => {
    const store = memoryStore();
    const { job } = store.jobs.schedule({ kind: 'apply', key: 'apply:1', runAt: T0 });
    let now = T0;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      store.jobs.claim(job.id, now);
      const failed = store.jobs.fail(job.id, `HTTP 503 (${attempt})`, { now, retryAt: now + backoffMs(attempt, () => 1) })!;
      expect(failed).toMatchObject({ state: 'pending', attempts: attempt, lastError: `HTTP 503 (${attempt})` });
      delays.push(failed.runAt - now);
      expect(store.jobs.claim(job.id, failed.runAt - 1)).toBeUndefined();
      now = failed.runAt;
    }
    expect(delays).toEqual([2000, 4000]);
    store.jobs.claim(job.id, now);
    expect(store.jobs.fail(job.id, 'HTTP 403', { now })).toMatchObject({
      state: 'failed',
      attempts: 3,
      lastError: 'HTTP 403',
      finishedAt: now,
    });
    expect(store.jobs.fail(job.id, 'again', { now })).toBeUndefined();
  });

  it('retries at a given time when told, e.g. after a 429', () => {
    const store = memoryStore();
    const { job } = store.jobs.schedule({ kind: 'apply', key: 'apply:1', runAt: T0 });
    store.jobs.claim(job.id, T0);
    expect(store.jobs.fail(job.id, 'HTTP 429', { now: T0, retryAt: T0 + 300_000 })?.runAt).toBe(T0 + 300_000);
  });

  it('the runner retries forever with a capped delay, jittered between half and all of each step', () => {
    expect([1, 2, 3, 30].map((n) => backoffMs(n, () => 1))).toEqual([2_000, 4_000, 8_000, 300_000]);
    expect([1, 2, 3, 30].map((n) => backoffMs(n, () => 0))).toEqual([1_000, 2_000, 4_000, 150_000]);
  });

  it('puts jobs left running by a stopped process back in the queue', () => {
    const store = memoryStore();
    const { job } = store.jobs.schedule({ kind: 'close', key: 'close:1', runAt: T0 });
    store.jobs.claim(job.id, T0);
    expect(store.jobs.requeueRunning()).toBe(1);
    expect(store.jobs.due(T0).map((j) => j.id)).toEqual([job.id]);
    expect(store.jobs.claim(job.id, T0)?.attempts).toBe(2);
  });
});

describe('changing plans', () => {
  it('moves a pending job, revives a failed one, and leaves others alone', () => {
    const clock = fakeClock();
    const store = memoryStore(clock);
    const { job } = store.jobs.schedule({ kind: 'close', key: 'close:1', runAt: T0 + 100 });
    expect(store.jobs.reschedule(job.id, T0)).toBe(true);
    expect(store.jobs.due(T0).map((j) => j.id)).toEqual([job.id]);
    store.jobs.claim(job.id, T0);
    expect(store.jobs.reschedule(job.id, T0 + 5)).toBe(false);
    store.jobs.fail(job.id, 'no', { now: T0 });
    expect(store.jobs.reschedule(job.id, T0 + 50)).toBe(true);
    expect(store.jobs.get(job.id)).toMatchObject({ state: 'pending', attempts: 0, runAt: T0 + 50 });
  });

  it('cancels one job or all pending jobs of a proposal', () => {
    const store = memoryStore();
    const p = openProposal(store);
    const close = store.jobs.schedule({ kind: 'close', key: 'close:1', runAt: T0 + 100, proposalId: p.id }).job;
    const remind = store.jobs.schedule({ kind: 'remind', key: 'remind:1', runAt: T0 + 50, proposalId: p.id }).job;
    const other = store.jobs.schedule({ kind: 'sync', key: 'sync', runAt: T0 }).job;
    expect(store.jobs.cancel(other.id)).toBe(true);
    expect(store.jobs.cancel(other.id)).toBe(false);
    store.jobs.claim(remind.id, T0 + 50);
    expect(store.jobs.cancelForProposal(p.id)).toBe(1);
    expect(store.jobs.listForProposal(p.id).map((j) => [j.key, j.state])).toEqual([
      ['remind:1', 'running'],
      ['close:1', 'cancelled'],
    ]);
    expect(close.id).toBeGreaterThan(0);
  });
});
