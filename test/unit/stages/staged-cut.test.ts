// A staged cut on the Mastodon contract fake, on the fake's clock: stage one applied, the reminder a week before,
// stage two through the apply path on its date and into the log; a later approved vote supersedes a pending stage;
// a review reminder fires once.
import { describe, expect, it } from 'vitest';
import { scheduleApply } from '../../../bot/decisions/apply.ts';
import { scheduleMilestone } from '../../../bot/proposals/hooks.ts';
import { entriesOf, logProposal } from '../../../bot/publish/log-writer.ts';
import { standingDecisions } from '../../../bot/proposals/standing.ts';
import type { Proposal } from '../../../storage/proposals.ts';
import { toView } from '../../../bot/proposals/view.ts';
import { stageStatusLines } from '../../../bot/wording/stage-words.ts';
import { formatUtc } from '../../../bot/wording/describe.ts';
import { decisionSection, time } from '../../../bot/publish/html-decision.ts';
import { foldLog } from '../../../bot/publish/views.ts';
import { decisionsWorld, MEMBER_ROOM, STAFF_ROOM, type DecisionsWorld } from '../decisions/decisions-fixture.ts';

const DAY = 86_400_000;

/** An approved staged decision, counted (its milestone runs) and applied now. */
async function approveAndApply(w: DecisionsWorld, domain: string, plan: Parameters<DecisionsWorld['store']['plans']['save']>[1], action: Proposal['action'] = 'limit'): Promise<Proposal> {
  const p = w.approved({ domain, action });
  w.store.plans.save(p.id, plan);
  w.store.transaction(() => {
    scheduleMilestone(w.deps, 'counted', p.id);
    scheduleApply(w.deps, p.id, w.deps.now(), 'auto');
  });
  await w.runJobs();
  return w.store.proposals.get(p.id)!;
}

async function advance(w: DecisionsWorld, ms: number): Promise<void> {
  w.fake.clock.advance(ms);
  await w.runJobs();
}

describe('a staged cut', () => {
  it('applies stage one, reminds a week before, applies stage two on its date, and logs it', async () => {
    const w = await decisionsWorld();
    const p = await approveAndApply(w, 'x.example', { secondStage: { action: 'suspend', afterMs: 30 * DAY } });
    expect(p.state).toBe('applied');
    expect(w.fake.state.findBlock('x.example')).toMatchObject({ severity: 'silence' });
    const status = () => stageStatusLines('limit', toView(w.store, w.store.proposals.get(p.id)!));
    expect(status()).toEqual([`Second stage: suspend on ${formatUtc(p.appliedAt! + 30 * DAY)}, unless a later approved vote on the domain decides otherwise`]);

    await advance(w, 23 * DAY - 60_000);
    expect(w.textsIn(MEMBER_ROOM).filter((t) => t.startsWith('Reminder'))).toEqual([]);
    await advance(w, 60_000);
    const reminders = w.textsIn(MEMBER_ROOM).filter((t) => t.startsWith('Reminder'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatch(/^Reminder: Proposal 1 \(limit x\.example, then suspend\) goes to its second stage \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in 7 days\): x\.example will be suspended\.\n\nA later approved vote on x\.example cancels it; to propose one: !moot propose x\.example <suspend\|limit\|lift>$/);
    expect(w.fake.state.findBlock('x.example')).toMatchObject({ severity: 'silence' });

    await advance(w, 7 * DAY);
    expect(w.fake.state.findBlock('x.example')).toMatchObject({ severity: 'suspend' });
    expect(w.textsIn(MEMBER_ROOM).at(-1)).toBe('Proposal 1 (limit x.example, then suspend): the second stage is in force on the instance: I changed the block of x.example (severity).');
    expect(w.store.plans.get(p.id)?.secondStage?.status).toBe('applied');
    expect(status()).toEqual([`Second stage: suspend, applied on ${formatUtc(w.store.plans.get(p.id)!.secondStage!.doneAt!)}`]);
    expect(entriesOf(w.store).map((e) => e.kind)).toEqual(['decision', 'applied', 'stage']);
    expect(entriesOf(w.store).at(-1)).toMatchObject({ kind: 'stage', number: 1, action: 'suspend', outcome: 'applied', mastodonBlockId: w.fake.state.findBlock('x.example')!.id });
    const section = decisionSection(foldLog(entriesOf(w.store))[0]!);
    expect(section).toContain(`<dt>Second stage</dt><dd>suspend, applied ${time((entriesOf(w.store).at(-1) as { at: string }).at)}</dd>`);
    // The decision now stands for the suspend, so drift and new proposals see what is in force.
    expect(standingDecisions(w.store)).toMatchObject([{ domain: 'x.example', action: 'suspend' }]);
    // Nothing more happens later: the reminder and the stage each ran once.
    await advance(w, 30 * DAY);
    expect(w.textsIn(MEMBER_ROOM).filter((t) => t.startsWith('Reminder'))).toHaveLength(1);
    expect(entriesOf(w.store)).toHaveLength(3);
  });

  it('is superseded by a later approved vote on the domain, with a note, and stage two never comes', async () => {
    const w = await decisionsWorld();
    const p = await approveAndApply(w, 'x.example', { secondStage: { action: 'suspend', afterMs: 30 * DAY } });
    await advance(w, 5 * DAY);
    const lift = await approveAndApply(w, 'x.example', {}, 'lift');
    expect(lift.state).toBe('applied');
    expect(w.textsIn(MEMBER_ROOM)).toContain('Proposal 1 (limit x.example, then suspend): its second stage (suspend) will not be applied: proposal 2 (lift x.example), approved later, supersedes it.');
    expect(w.store.plans.get(p.id)?.secondStage).toMatchObject({ status: 'superseded', supersededBy: 2 });
    expect(stageStatusLines('limit', toView(w.store, w.store.proposals.get(p.id)!))).toEqual(['Second stage: suspend, superseded by proposal 2']);
    expect(entriesOf(w.store).find((e) => e.kind === 'stage')).toMatchObject({ number: 1, outcome: 'superseded', supersededBy: 2, mastodonBlockId: null });
    await advance(w, 40 * DAY);
    expect(w.fake.state.findBlock('x.example')).toBeUndefined();
    expect(w.textsIn(MEMBER_ROOM).filter((t) => t.startsWith('Reminder'))).toEqual([]);
  });
});

describe('a review date', () => {
  it('reminds the rooms once when due, with the votes then and the command to reconsider', async () => {
    const w = await decisionsWorld();
    const p = await approveAndApply(w, 'r.example', { reviewAfterMs: 365 * DAY }, 'suspend');
    logProposal(w.store, p);
    expect(decisionSection(foldLog(entriesOf(w.store))[0]!)).toContain(`<dt>Review due</dt><dd>${time(new Date(p.closedAt! + 365 * DAY).toISOString())}</dd>`);
    expect(stageStatusLines('suspend', toView(w.store, p))).toEqual([`Review due ${formatUtc(p.closedAt! + 365 * DAY)}`]);
    await advance(w, 365 * DAY - 60_000);
    expect(w.textsIn(MEMBER_ROOM).filter((t) => t.startsWith('Review due'))).toEqual([]);
    await advance(w, 60_000);
    await advance(w, DAY);
    const due = w.textsIn(MEMBER_ROOM).filter((t) => t.startsWith('Review due'));
    expect(due).toEqual([
      `Review due: proposal 1 (suspend r.example) was decided on ${new Date(p.closedAt!).toISOString().slice(0, 16).replace('T', ' ')} UTC.\n\n` +
        'To reconsider it, propose again, e.g. !moot propose r.example lift. Nothing changes unless a new vote decides.',
    ]);
    expect(w.textsIn(STAFF_ROOM).filter((t) => t.startsWith('Review due'))).toHaveLength(1);
    expect(w.store.plans.get(p.id)?.reviewRemindedAt).toBeDefined();
  });
});
