// mastodon.announce: a status after the count and one after the application, each once, never naming an obfuscated domain.
import { describe, expect, it } from 'vitest';
import { scheduleApply } from '../../../bot/decisions/apply.ts';
import { scheduleMilestone } from '../../../bot/proposals/hooks.ts';
import { decisionsWorld, type DecisionsWorld } from './decisions-fixture.ts';

async function countAndApply(w: DecisionsWorld): Promise<void> {
  w.store.transaction(() => scheduleMilestone(w.deps, 'counted', 1));
  await w.runJobs();
  w.store.transaction(() => scheduleApply(w.deps, 1, w.deps.now(), 'manual'));
  await w.runJobs();
}

const statusKeys = (w: DecisionsWorld) => w.fake.requests.filter((r) => r.path === '/api/v1/statuses').map((r) => r.idempotencyKey);

describe('statuses on the instance', () => {
  it('posts the result and then the application, each once with its own Idempotency-Key', async () => {
    const w = await decisionsWorld({ announce: true });
    w.approved({ domain: 'threads.net', action: 'suspend' });
    await countAndApply(w);
    w.fake.clock.advance(60_000);
    await w.runJobs();
    expect(w.fake.state.statuses.map((s) => s.text)).toEqual([
      expect.stringMatching(/^Proposal 1 \(suspend threads\.net\): approved — yes 3 · no 0/),
      'Proposal 1 (suspend threads.net) is now in force on this instance.',
    ]);
    const keys = statusKeys(w);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  });

  it('shows an obfuscated domain only in its obfuscated form, as the published log does', async () => {
    const w = await decisionsWorld({ announce: true });
    w.approved({ domain: 'threads.net', action: 'suspend', obfuscate: true });
    await countAndApply(w);
    const texts = w.fake.state.statuses.map((s) => s.text);
    expect(texts).toEqual([
      expect.stringMatching(/^Proposal 1 \(suspend thr\*\*\*\*\.\*et\): approved — yes 3/),
      'Proposal 1 (suspend thr****.*et) is now in force on this instance.',
    ]);
    expect(texts.join(' ')).not.toMatch(/threads/i);
    // The block itself carries the real domain, with obfuscate set for Mastodon's public list.
    expect(w.fake.state.findBlock('threads.net')).toMatchObject({ obfuscate: true });
  });

  it('posts nothing without mastodon.announce', async () => {
    const w = await decisionsWorld();
    w.approved({ domain: 'threads.net', action: 'suspend' });
    await countAndApply(w);
    expect(w.fake.state.statuses).toEqual([]);
  });
});
