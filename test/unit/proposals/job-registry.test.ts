// Issue 12: every job kind is declared once (bot/job-kinds.ts) with its payload's shape and its key; the runner parses
// the payload before a handler sees it, so a job written wrongly fails with words saying what is wrong.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { jobHandlers } from '../../../bot/job-handlers.ts';
import { JOB_KINDS, jobOf, kindsIn } from '../../../bot/job-kinds.ts';
import { JobRunner } from '../../../bot/scheduler.ts';
import { proposalWorld } from './proposal-deps.ts';

describe('the job registry', () => {
  it('makes the keys jobs always had, so jobs of an older database still match', () => {
    expect(jobOf('publish_poll', 3, 0, { roomId: '!a:x' }).key).toBe('publish:3:!a:x');
    expect(jobOf('announce_result', 3, 0, { roomId: '!a:x' }).key).toBe('announce_result:3:!a:x');
    expect(jobOf('milestone', 3, 0, { milestone: 'counted', hook: 'apply' }).key).toBe('milestone:counted:3:apply');
    expect(jobOf('notice', undefined, 0, { roomId: '!s:x', tag: 'drift-1', paragraphs: [] }).key).toBe('notice:drift-1:-:!s:x');
    expect(jobOf('announce_status', 3, 0, { what: 'applied' }).key).toBe('announce-status:3:applied');
  });

  it('refuses to schedule a payload its kind does not declare', () => {
    // @ts-expect-error: the room is missing, which the type says too
    expect(() => jobOf('publish_poll', 1, 0, {})).toThrow(/roomId/);
  });

  it('puts every kind in exactly one lane', () => {
    const lanes = [...kindsIn('main'), ...kindsIn('instance'), ...kindsIn('personal'), ...kindsIn('peers'), ...kindsIn('intake')];
    expect(lanes.sort()).toEqual(Object.keys(JOB_KINDS).sort());
    expect(kindsIn('instance').sort()).toEqual(['announce_status', 'apply', 'stage_apply']);
    expect(kindsIn('peers').sort()).toEqual(['peer_digest', 'peer_refresh']);
    expect(kindsIn('intake')).toEqual(['intake_poll']);
  });

  it('a stored job whose payload is not of its kind fails with what is wrong, and is retried, never run half-read', async () => {
    const { deps, open, clock, posted } = proposalWorld();
    const p = open();
    deps.store.jobs.schedule({ kind: 'announce_result', proposalId: p.id, runAt: deps.now(), payload: { room: '!r:x' }, key: 'bad' });
    const runner = new JobRunner(deps.store, jobHandlers({ deps }), pino({ level: 'silent' }), clock);
    await runner.kick();
    const job = deps.store.jobs.getByKey('bad');
    expect(job?.state).toBe('pending');
    expect(job?.lastError).toMatch(/^the payload of announce_result job \d+ is not as its kind declares: .*roomId/s);
    expect(posted).toEqual([]);
  });
});
