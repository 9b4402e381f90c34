// Dry runs say what applying would really do, a server's refusal included.
import { describe, expect, it } from 'vitest';
import { scheduleApply } from '../../../bot/decisions/apply.ts';
import { instanceActions } from '../../../bot/decisions/service.ts';
import { applyStartedWords } from '../../../bot/wording/apply-words.ts';
import { inWords } from '../../../bot/wording/refusals.ts';
import { PREFIX } from '../wording/said.ts';
import { decisionsWorld, STAFF, STAFF_ROOM } from './decisions-fixture.ts';

const SUSPEND_ONLY = 'this server can only suspend; a limit or rejecting media or reports cannot be applied here';

describe('a dry run', () => {
  it('on a suspend-only server (GoToSocial) says a limit would be refused, as applying then does', async () => {
    const w = await decisionsWorld({ flavor: 'gotosocial' });
    w.approved({ domain: 'noisy.example', action: 'limit' });
    const actions = instanceActions(w.deps)!;
    expect(inWords(await actions.apply(1, STAFF, true), PREFIX, applyStartedWords)).toEqual({
      ok: true,
      value: `Dry run: for Proposal 1 (limit noisy.example) I would change nothing and mark it failed: ${SUSPEND_ONLY}. Nothing was changed.`,
    });
    expect(w.store.proposals.get(1)!.state).toBe('approved');
    await actions.apply(1, STAFF, false);
    expect(w.store.proposals.get(1)).toMatchObject({ state: 'apply_failed', applyError: SUSPEND_ONLY });
    expect(w.writes()).toEqual([]);
  });

  it('with mastodon.dryRun tells staff the refusal instead of a block it would never make', async () => {
    const w = await decisionsWorld({ flavor: 'gotosocial', dryRun: true });
    w.approved({ domain: 'noisy.example', action: 'suspend', rejectMedia: true });
    w.store.transaction(() => scheduleApply(w.deps, 1, w.deps.now(), 'auto'));
    await w.runJobs();
    expect(w.textsIn(STAFF_ROOM)).toEqual([
      `Dry run (mastodon.dryRun): for Proposal 1 (suspend noisy.example) I would change nothing and mark it failed: ${SUSPEND_ONLY}. Nothing was changed.`,
    ]);
    expect(w.store.proposals.get(1)!.state).toBe('approved');
  });

  it('on Mastodon says a block under a parent it does not nest under would be refused', async () => {
    const w = await decisionsWorld();
    w.fake.state.addBlock({ domain: 'example.com', severity: 'silence', reject_media: true });
    w.approved({ domain: 'sub.example.com', action: 'limit', rejectReports: true });
    expect(inWords(await instanceActions(w.deps)!.apply(1, STAFF, true), PREFIX, applyStartedWords)).toEqual({
      ok: true,
      value: 'Dry run: for Proposal 1 (limit sub.example.com) I would not block sub.example.com: the instance refuses it because of its block of example.com (limit, reject media): ' +
        'Mastodon accepts a block under it only if it is at least as strict in severity, reject media and reject reports. Nothing was changed.',
    });
    expect(w.writes()).toEqual([]);
  });

  it('on Mastodon describes the block it would add, and writes nothing', async () => {
    const w = await decisionsWorld();
    w.approved({ domain: 'noisy.example', action: 'limit' });
    expect(inWords(await instanceActions(w.deps)!.apply(1, STAFF, true), PREFIX, applyStartedWords)).toEqual({
      ok: true,
      value: 'Dry run: for Proposal 1 (limit noisy.example) I would add a limit block for noisy.example. Nothing was changed.',
    });
    expect(w.writes()).toEqual([]);
  });
});
