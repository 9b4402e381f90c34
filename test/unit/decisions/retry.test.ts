// An application that keeps failing for a transient reason: retried on, staff told once with the last error, and
// `!moot apply` on the stuck decision retries at once.
import { describe, expect, it } from 'vitest';
import { scheduleApply } from '../../../bot/decisions/apply.ts';
import { instanceActions } from '../../../bot/decisions/service.ts';
import { applyStartedWords } from '../../../bot/wording/apply-words.ts';
import { inWords } from '../../../bot/wording/refusals.ts';
import { PREFIX, said } from '../wording/said.ts';
import { decisionsWorld, MEMBER_ROOM, STAFF, STAFF_ROOM, type DecisionsWorld } from './decisions-fixture.ts';

const BLOCKS = '/api/v1/admin/domain_blocks';
const LAST_ERROR = 'GET /api/v1/admin/domain_blocks failed 5 times; last: 502 (an HTML error page)';
const TOLD = `Applying Proposal 1 (suspend down.example) has failed 3 times; I keep retrying, at most every 5 minutes. Last error: ${LAST_ERROR}\n\n!moot apply 1 retries at once.`;

/** Lets the job runner's backoff pass and runs what is due. */
async function later(w: DecisionsWorld): Promise<void> {
  w.fake.clock.advance(10 * 60_000);
  await w.runJobs();
}

async function stuck(): Promise<DecisionsWorld> {
  const w = await decisionsWorld();
  w.fake.faults.next(10_000, '502', { method: 'GET', path: BLOCKS });
  const p = w.approved({ domain: 'down.example', action: 'suspend' });
  w.store.transaction(() => scheduleApply(w.deps, p.id, w.deps.now(), 'auto'));
  await w.runJobs();
  return w;
}

describe('an application that keeps failing', () => {
  it('stays applying, keeps retrying, and tells staff once after the third failure', async () => {
    const w = await stuck();
    await later(w);
    expect(w.textsIn(STAFF_ROOM)).toEqual([]);
    await later(w);
    expect(w.textsIn(STAFF_ROOM)).toEqual([TOLD]);
    await later(w);
    // A restart adds a fresh job for the decision; its failures are not told again either.
    w.store.transaction(() => scheduleApply(w.deps, 1, w.deps.now(), 'restart-1'));
    for (let i = 0; i < 4; i++) await later(w);
    expect(w.textsIn(STAFF_ROOM)).toEqual([TOLD]);
    expect(w.textsIn(MEMBER_ROOM)).toEqual([]);
    expect(w.store.proposals.get(1)).toMatchObject({ state: 'applying', applyError: LAST_ERROR });
    expect(w.store.jobs.listForProposal(1).filter((j) => j.kind === 'apply').map((j) => j.state)).toEqual(['pending', 'pending']);
  });

  it('retries at once on !moot apply, says so with the last error, and reports the retry\'s failure', async () => {
    const w = await stuck();
    await later(w);
    await later(w);
    const reply = await instanceActions(w.deps)!.apply(1, STAFF, false);
    // The command wakes the instance lane without waiting on it, as in the bot; the test lets its job run.
    await w.runJobs();
    expect(inWords(reply, PREFIX, applyStartedWords)).toEqual({
      ok: true,
      value: `Proposal 1 (suspend down.example) was still being applied, retrying in the background. The last attempt failed: ${LAST_ERROR}. ` +
        "I try again now; as always I compare with the instance's blocks first, so nothing is blocked twice. The result follows in the proposal's rooms.",
    });
    // The retry ran at once (no clock moved) and failed again: staff hear of it, since they asked.
    expect(w.textsIn(STAFF_ROOM)).toEqual([TOLD, TOLD.replace('failed 3 times', 'failed 4 times')]);
  });

  it('applies on !moot apply once the instance is back, without waiting for the backoff', async () => {
    const w = await stuck();
    w.fake.faults.clear();
    const reply = await instanceActions(w.deps)!.apply(1, STAFF, false);
    await w.runJobs();
    expect(reply.ok).toBe(true);
    expect(w.store.proposals.get(1)).toMatchObject({ state: 'applied', applyError: undefined });
    expect(w.fake.state.blocks.map((b) => b.domain)).toEqual(['down.example']);
    expect(w.textsIn(MEMBER_ROOM)).toEqual(['Proposal 1 (suspend down.example) is now in force on the instance: I added a suspend block for down.example.']);
  });

  it('says the decision is being applied while its job runs', async () => {
    const w = await stuck();
    const job = w.store.jobs.listForProposal(1).find((j) => j.kind === 'apply')!;
    w.store.jobs.claim(job.id, job.runAt);
    expect(said(await instanceActions(w.deps)!.apply(1, STAFF, false))).toEqual({
      ok: false,
      reason: "Proposal 1 (suspend down.example) is being applied right now; the result follows in the proposal's rooms.",
    });
  });
});
