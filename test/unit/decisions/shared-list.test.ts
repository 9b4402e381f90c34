// Consecutive applies share one read of the instance's block list (the gateway's recent list), and still never
// make a block twice or mark a decision applied that the instance does not show.
import { describe, expect, it } from 'vitest';
import { scheduleApply } from '../../../bot/decisions/apply.ts';
import type { Proposal } from '../../../storage/proposals.ts';
import { decisionsWorld, MEMBER_ROOM, type DecisionsWorld } from './decisions-fixture.ts';

const BLOCKS = '/api/v1/admin/domain_blocks';

async function apply(w: DecisionsWorld, p: Proposal): Promise<Proposal> {
  w.store.transaction(() => scheduleApply(w.deps, p.id, w.deps.now(), 'auto'));
  await w.runJobs();
  return w.store.proposals.get(p.id)!;
}

/** Full reads of the block list: each starts with the page without max_id. */
const listReads = (w: DecisionsWorld) => w.fake.requests.filter((r) => r.method === 'GET' && r.path === BLOCKS && r.query.max_id === undefined).length;
const posts = (w: DecisionsWorld) => w.fake.requests.filter((r) => r.method === 'POST' && r.path === BLOCKS);

describe('applying many decisions in a row', () => {
  it('applies 300 decisions on an instance with 1,000 blocks under 300 requests per 5 minutes, without a 429', async () => {
    const w = await decisionsWorld({ fake: { rateLimit: { limit: 300, periodMs: 300_000 } } });
    w.fake.state.seedBlocks(1_000);
    const ids = Array.from({ length: 300 }, (_, i) => w.approved({ domain: `queued-${i}.example`, action: 'suspend' }).id);
    w.store.transaction(() => ids.forEach((id) => scheduleApply(w.deps, id, w.deps.now(), 'auto')));
    await w.runJobs();
    expect(w.store.proposals.listInStates(['applied'])).toHaveLength(300);
    expect(w.fake.state.blocks).toHaveLength(1_300);
    expect(w.fake.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(posts(w)).toHaveLength(300);
    // The pacing stretches the run over minutes, so the list is read again each minute: still far fewer than 300.
    expect(listReads(w)).toBeLessThan(30);
  }, 60_000);

  it('reads the list afresh for a decision found applying after a crash, even with a recent list at hand', async () => {
    const w = await decisionsWorld();
    await apply(w, w.approved({ domain: 'first.example', action: 'suspend' }));
    const p = w.approved({ domain: 'crash.example', action: 'suspend' });
    // The first run wrote `applying`, made the block, and died before it could record it.
    w.store.proposals.advance(p.id, { type: 'start_apply' });
    const made = w.fake.state.addBlock({ domain: 'crash.example', severity: 'suspend' });
    const after = await apply(w, p);
    // Not even a POST the instance would refuse: the fresh list showed the block.
    expect(posts(w)).toHaveLength(1);
    expect(w.fake.state.blocks.filter((b) => b.domain === 'crash.example')).toHaveLength(1);
    expect(after).toMatchObject({ state: 'applied', mastodonBlockId: made.id });
  });

  it('never makes a second block of a domain blocked behind its back between two applies', async () => {
    const w = await decisionsWorld();
    await apply(w, w.approved({ domain: 'first.example', action: 'suspend' }));
    const staffMade = w.fake.state.addBlock({ domain: 'behind.example', severity: 'suspend' });
    const after = await apply(w, w.approved({ domain: 'behind.example', action: 'suspend' }));
    // The recent list did not know it: Mastodon refused the POST with 422, and the fresh list settled it.
    expect(posts(w).map((r) => r.status)).toEqual([200, 422]);
    expect(w.fake.state.blocks.filter((b) => b.domain === 'behind.example')).toHaveLength(1);
    expect(after).toMatchObject({ state: 'applied', mastodonBlockId: staffMade.id });
    expect(w.textsIn(MEMBER_ROOM).at(-1)).toBe('Proposal 2 (suspend behind.example) is now in force on the instance: I found the block of behind.example already as decided.');
  });

  it('on GoToSocial, which answers a duplicate with 200, reads the list before every creation', async () => {
    const w = await decisionsWorld({ flavor: 'gotosocial' });
    await apply(w, w.approved({ domain: 'first.example', action: 'suspend' }));
    w.fake.state.addBlock({ domain: 'behind.example', severity: 'suspend' });
    const after = await apply(w, w.approved({ domain: 'behind.example', action: 'suspend' }));
    expect(posts(w)).toHaveLength(1);
    expect(after.state).toBe('applied');
    expect(w.fake.state.blocks.filter((b) => b.domain === 'behind.example')).toHaveLength(1);
  });

  it('does not take the recent list\'s word for a block removed behind its back', async () => {
    const w = await decisionsWorld();
    await apply(w, w.approved({ domain: 'again.example', action: 'suspend' }));
    w.fake.state.removeBlock(w.fake.state.findBlock('again.example')!.id);
    // The recent list still has the bot's own block, as decided; the instance does not.
    const after = await apply(w, w.approved({ domain: 'again.example', action: 'suspend' }));
    expect(w.fake.state.blocks.filter((b) => b.domain === 'again.example')).toHaveLength(1);
    expect(after).toMatchObject({ state: 'applied', mastodonBlockId: w.fake.state.findBlock('again.example')!.id });
  });

  it('plans a change again when the block it names has gone, and makes the block instead', async () => {
    const w = await decisionsWorld();
    await apply(w, w.approved({ domain: 'changed.example', action: 'suspend' }));
    w.fake.state.removeBlock(w.fake.state.findBlock('changed.example')!.id);
    const after = await apply(w, w.approved({ domain: 'changed.example', action: 'limit' }));
    expect(w.fake.state.blocks).toMatchObject([{ domain: 'changed.example', severity: 'silence' }]);
    expect(after).toMatchObject({ state: 'applied', mastodonBlockId: w.fake.state.blocks[0]!.id });
  });

  it('plans a lift again when the block it names has gone, and says there was nothing to remove', async () => {
    const w = await decisionsWorld();
    await apply(w, w.approved({ domain: 'lifted.example', action: 'suspend' }));
    w.fake.state.removeBlock(w.fake.state.findBlock('lifted.example')!.id);
    const after = await apply(w, w.approved({ domain: 'lifted.example', action: 'lift' }));
    expect(after.state).toBe('applied');
    expect(w.textsIn(MEMBER_ROOM).at(-1)).toBe('Proposal 2 (lift lifted.example) is now in force on the instance: I found no block of lifted.example to remove.');
  });
});
