// runApply against the Mastodon contract fake: each plan carried out as Mastodon answers it, refusals, and resuming
// after a crash. Jobs run on the real job runner, so notices are what the rooms would get.
import { describe, expect, it } from 'vitest';
import { scheduleApply } from '../../../bot/decisions/apply.ts';
import type { Proposal } from '../../../storage/proposals.ts';
import { decisionsWorld, MEMBER_ROOM, STAFF_ROOM, type DecisionsWorld } from './decisions-fixture.ts';

const BLOCKS = '/api/v1/admin/domain_blocks';

async function apply(w: DecisionsWorld, p: Proposal): Promise<Proposal> {
  w.store.transaction(() => scheduleApply(w.deps, p.id, w.deps.now(), 'auto'));
  await w.runJobs();
  return w.store.proposals.get(p.id)!;
}

describe('applying an approved decision on Mastodon', () => {
  it('creates a missing block, records its id and tells everyone', async () => {
    const w = await decisionsWorld();
    const p = w.approved({ domain: 'spam.example', action: 'suspend', rejectMedia: true, publicReason: 'spam waves' });
    const after = await apply(w, p);
    const block = w.fake.state.findBlock('spam.example');
    expect(block).toMatchObject({ severity: 'suspend', reject_media: true, public_comment: 'spam waves' });
    expect(after).toMatchObject({ state: 'applied', mastodonBlockId: block!.id });
    expect(w.textsIn(MEMBER_ROOM)).toEqual(['Proposal 1 (suspend spam.example) is now in force on the instance: I added a suspend block for spam.example.']);
  });

  it('changes an existing looser block with a PUT instead of adding one', async () => {
    const w = await decisionsWorld();
    const old = w.fake.state.addBlock({ domain: 'loud.example', severity: 'silence' });
    const after = await apply(w, w.approved({ domain: 'loud.example', action: 'suspend' }));
    expect(w.writes()).toEqual([{ method: 'PUT', path: `${BLOCKS}/${old.id}` }]);
    expect(w.fake.state.blocks).toMatchObject([{ id: old.id, domain: 'loud.example', severity: 'suspend' }]);
    expect(after).toMatchObject({ state: 'applied', mastodonBlockId: old.id });
    expect(w.textsIn(STAFF_ROOM)).toEqual(['Proposal 1 (suspend loud.example) is now in force on the instance: I changed the block of loud.example (severity).']);
  });

  it('writes nothing when the block is already as decided', async () => {
    const w = await decisionsWorld();
    const old = w.fake.state.addBlock({ domain: 'same.example', severity: 'suspend' });
    const after = await apply(w, w.approved({ domain: 'same.example', action: 'suspend' }));
    expect(w.writes()).toEqual([]);
    expect(after).toMatchObject({ state: 'applied', mastodonBlockId: old.id });
    expect(w.textsIn(MEMBER_ROOM)).toEqual(['Proposal 1 (suspend same.example) is now in force on the instance: I found the block of same.example already as decided.']);
  });

  it('leaves a subdomain to a parent block at least as strict, and tells staff', async () => {
    const w = await decisionsWorld();
    w.fake.state.addBlock({ domain: 'example.com', severity: 'suspend' });
    const after = await apply(w, w.approved({ domain: 'sub.example.com', action: 'limit' }));
    expect(w.writes()).toEqual([]);
    expect(after.state).toBe('applied');
    expect(after.mastodonBlockId).toBeUndefined();
    expect(w.textsIn(STAFF_ROOM)).toContain('Proposal 1 (limit sub.example.com): sub.example.com is already covered by the block of example.com; no block of its own was added.');
  });

  it('lifts with a DELETE', async () => {
    const w = await decisionsWorld();
    const old = w.fake.state.addBlock({ domain: 'gone.example', severity: 'suspend' });
    const after = await apply(w, w.approved({ domain: 'gone.example', action: 'lift' }));
    expect(w.writes()).toEqual([{ method: 'DELETE', path: `${BLOCKS}/${old.id}` }]);
    expect(w.fake.state.blocks).toEqual([]);
    expect(after.state).toBe('applied');
    expect(w.textsIn(MEMBER_ROOM)).toEqual(['Proposal 1 (lift gone.example) is now in force on the instance: I removed the block of gone.example.']);
  });

  it('marks a lift applied without a write when there is nothing to lift', async () => {
    const w = await decisionsWorld();
    const after = await apply(w, w.approved({ domain: 'never.example', action: 'lift' }));
    expect(w.writes()).toEqual([]);
    expect(after.state).toBe('applied');
    expect(w.textsIn(MEMBER_ROOM)).toEqual(['Proposal 1 (lift never.example) is now in force on the instance: I found no block of never.example to remove.']);
  });

  const REFUSED = 'sub.example.com cannot be blocked: the instance refuses it because of its block of example.com (limit, reject media): ' +
    'Mastodon accepts a block under it only if it is at least as strict in severity, reject media and reject reports. ' +
    'Change the block of example.com so it covers what was decided, or decide sub.example.com again';

  it('foresees that Mastodon would refuse a block under a parent it does not nest under, writes nothing, and tells staff why', async () => {
    const w = await decisionsWorld();
    // Neither block is stricter than the other in every respect, so Mastodon would answer a POST with 422.
    w.fake.state.addBlock({ domain: 'example.com', severity: 'silence', reject_media: true });
    const after = await apply(w, w.approved({ domain: 'sub.example.com', action: 'limit', rejectReports: true }));
    expect(w.writes()).toEqual([]);
    expect(after).toMatchObject({ state: 'apply_failed', applyError: REFUSED });
    expect(w.textsIn(STAFF_ROOM)).toEqual([`Applying Proposal 1 (limit sub.example.com) failed: ${REFUSED}\n\nFix the cause, then try again with !moot apply 1.`]);
    expect(w.textsIn(MEMBER_ROOM)).toEqual([]);
  });

  it('stops after one refused POST when that parent appeared after the list was read', async () => {
    const w = await decisionsWorld();
    await apply(w, w.approved({ domain: 'first.example', action: 'suspend' }));
    // Made behind the bot's back: the list the gateway keeps from the first application does not show it.
    w.fake.state.addBlock({ domain: 'example.com', severity: 'silence', reject_media: true });
    const after = await apply(w, w.approved({ domain: 'sub.example.com', action: 'limit', rejectReports: true }));
    expect(w.writes()).toEqual([{ method: 'POST', path: BLOCKS }, { method: 'POST', path: BLOCKS }]);
    expect(w.fake.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([200, 422]);
    expect(after).toMatchObject({ state: 'apply_failed', applyError: REFUSED });
    expect(w.fake.state.blocks.map((b) => b.domain).sort()).toEqual(['example.com', 'first.example']);
  });

  it('marks a refused application apply_failed and gives staff the server\'s words', async () => {
    const w = await decisionsWorld({ token: 'moderator' });
    const after = await apply(w, w.approved({ domain: 'refused.example', action: 'suspend' }));
    expect(after).toMatchObject({ state: 'apply_failed', applyError: 'reading the domain blocks: the instance answered 403 This action is not allowed' });
    expect(w.textsIn(STAFF_ROOM)).toEqual([
      'Applying Proposal 1 (suspend refused.example) failed: reading the domain blocks: the instance answered 403 This action is not allowed\n\nFix the cause, then try again with !moot apply 1.',
    ]);
    expect(w.writes()).toEqual([]);
  });
});

describe('resuming an interrupted application', () => {
  it('finds the block made before a crash, makes no second one and marks the decision applied', async () => {
    const w = await decisionsWorld();
    const p = w.approved({ domain: 'crash.example', action: 'suspend' });
    // The first run wrote `applying`, made the block, and died before it could record it.
    w.store.proposals.advance(p.id, { type: 'start_apply' });
    const made = w.fake.state.addBlock({ domain: 'crash.example', severity: 'suspend' });
    const after = await apply(w, p);
    expect(w.writes()).toEqual([]);
    expect(w.fake.state.blocks).toHaveLength(1);
    expect(after).toMatchObject({ state: 'applied', mastodonBlockId: made.id });
  });

  it('takes a 422 for its own lost POST as the block it made', async () => {
    const w = await decisionsWorld();
    // The POST is carried out but its answer is lost; the gateway's retry gets 422 with the block it just made.
    w.fake.faults.next(1, 'drop', { method: 'POST', path: BLOCKS, phase: 'after' });
    const after = await apply(w, w.approved({ domain: 'lost.example', action: 'suspend' }));
    expect(w.fake.state.blocks.map((b) => b.domain)).toEqual(['lost.example']);
    expect(after).toMatchObject({ state: 'applied', mastodonBlockId: w.fake.state.blocks[0]!.id });
  });
});
