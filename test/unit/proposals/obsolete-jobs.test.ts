// Issue 16, item 5: jobs whose proposal moved on are cancelled, not left pending: at the transition (a staff close,
// a withdrawal, an apply), by the runner when one comes due anyway, and by the sweep at start.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { closeVote, endWithoutCount } from '../../../bot/proposals/close.ts';
import { jobHandlers } from '../../../bot/job-handlers.ts';
import { cancelObsoleteJobs } from '../../../bot/proposals/obsolete-jobs.ts';
import { JobRunner } from '../../../bot/scheduler.ts';
import type { Store } from '../../../storage/store.ts';
import { proposalWorld } from './proposal-deps.ts';
import { openProposal } from '../storage/storage-fixtures.ts';

function scheduleWaiting(store: Store, id: number, deadlineAt: number): void {
  store.jobs.schedule({ kind: 'close', proposalId: id, runAt: deadlineAt, key: `close:${id}` });
  store.jobs.schedule({ kind: 'remind', proposalId: id, runAt: deadlineAt - 3_600_000, key: `remind:${id}` });
  store.jobs.schedule({ kind: 'publish_poll', proposalId: id, runAt: deadlineAt, payload: { roomId: '!r:x' }, key: `publish:${id}:!r:x` });
}

const states = (store: Store, id: number) =>
  Object.fromEntries(store.jobs.listForProposal(id).filter((j) => ['close', 'remind', 'publish_poll', 'apply'].includes(j.kind)).map((j) => [j.kind, j.state]));

describe('jobs that no longer apply', () => {
  it('a staff close cancels the close at the deadline and the reminder', async () => {
    const { deps, open } = proposalWorld();
    const p = open();
    scheduleWaiting(deps.store, p.id, p.deadlineAt!);
    expect((await closeVote(deps, p.id, '@mod:example.social', deps.now())).ok).toBe(true);
    expect(states(deps.store, p.id)).toEqual({ close: 'cancelled', remind: 'cancelled', publish_poll: 'cancelled' });
    expect(deps.store.jobs.getByKey(`finish:${p.id}`)?.state).toBe('pending');
  });

  it('a withdrawal cancels them too', async () => {
    const { deps, open } = proposalWorld();
    const p = open();
    scheduleWaiting(deps.store, p.id, p.deadlineAt!);
    expect((await endWithoutCount(deps, p.id, p.proposer, 'withdrawn')).ok).toBe(true);
    expect(states(deps.store, p.id)).toEqual({ close: 'cancelled', remind: 'cancelled', publish_poll: 'cancelled' });
  });

  it('the sweep at start cancels what an older database left pending, and keeps what still applies', () => {
    const { deps, open } = proposalWorld();
    const closed = open();
    const stillOpen = openProposal(deps.store, [], { domain: 'other.example' });
    scheduleWaiting(deps.store, closed.id, closed.deadlineAt!);
    scheduleWaiting(deps.store, stillOpen.id, stillOpen.deadlineAt!);
    // Closed the way older versions did: the state changed, the waiting jobs stayed.
    deps.store.proposals.advance(closed.id, { type: 'close' }, { fields: { closedAt: deps.now() } });
    deps.store.proposals.advance(closed.id, { type: 'count', outcome: 'approved' });
    deps.store.proposals.advance(closed.id, { type: 'start_apply' });
    deps.store.proposals.advance(closed.id, { type: 'applied' });
    deps.store.jobs.schedule({ kind: 'apply', proposalId: closed.id, runAt: deps.now() + 86_400_000, key: `apply:${closed.id}:auto` });
    expect(deps.store.transaction(() => cancelObsoleteJobs(deps.store))).toBe(4);
    expect(states(deps.store, closed.id)).toEqual({ close: 'cancelled', remind: 'cancelled', publish_poll: 'cancelled', apply: 'cancelled' });
    expect(states(deps.store, stillOpen.id)).toEqual({ close: 'pending', remind: 'pending', publish_poll: 'pending' });
  });

  it('the runner marks a job that comes due after its proposal moved on as cancelled, not done', async () => {
    const { deps, open, clock } = proposalWorld();
    const p = open();
    deps.store.jobs.schedule({ kind: 'close', proposalId: p.id, runAt: deps.now(), key: `close:${p.id}` });
    deps.store.jobs.schedule({ kind: 'remind', proposalId: p.id, runAt: deps.now(), key: `remind:${p.id}` });
    deps.store.proposals.advance(p.id, { type: 'cancel' }, { fields: { closedAt: deps.now() } });
    const runner = new JobRunner(deps.store, jobHandlers({ deps }), pino({ level: 'silent' }), clock);
    await runner.kick();
    expect(deps.store.jobs.getByKey(`close:${p.id}`)).toMatchObject({ state: 'cancelled', lastError: 'no longer applies' });
    expect(deps.store.jobs.getByKey(`remind:${p.id}`)).toMatchObject({ state: 'cancelled', lastError: 'no longer applies' });
    expect(deps.store.jobs.due(deps.now() + 365 * 86_400_000)).toEqual([]);
  });

  it('a reminder due after the deadline (after downtime) is cancelled, not sent', async () => {
    const { deps, open, clock, posted } = proposalWorld();
    const p = open();
    deps.store.jobs.schedule({ kind: 'remind', proposalId: p.id, runAt: p.deadlineAt! - 1, key: `remind:${p.id}` });
    clock.advance(p.deadlineAt! - deps.now() + 1);
    const handlers = jobHandlers({ deps });
    const runner = new JobRunner(deps.store, { remind: handlers.remind! }, pino({ level: 'silent' }), clock);
    await runner.kick();
    expect(deps.store.jobs.getByKey(`remind:${p.id}`)?.state).toBe('cancelled');
    expect(posted).toEqual([]);
  });
});
