// The block list the gateway keeps for planning consecutive applies: one read shared, its own writes folded in, and
// dropped at the first surprise so the next plan reads the server again.
import { describe, expect, it } from 'vitest';
import { setup, SUSPEND, LIMIT } from './gateway-fixture.ts';
import type { GatewaySetup } from './gateway-fixture.ts';

const BLOCKS = '/api/v1/admin/domain_blocks';

const listReads = (w: GatewaySetup) => w.fake.requests.filter((r) => r.method === 'GET' && r.path === BLOCKS && r.query.max_id === undefined).length;
const domains = async (w: GatewaySetup) => (await w.gateway.recentBlocks()).blocks.map((b) => b.domain).sort();

describe('the recent block list', () => {
  it('is read once and then follows the gateway\'s own creations, changes and removals', async () => {
    const w = await setup({}, { flavor: 'mastodon' });
    const old = w.fake.state.addBlock({ domain: 'old.example', severity: 'silence' });
    expect(await w.gateway.recentBlocks()).toMatchObject({ fresh: true, blocks: [{ domain: 'old.example' }] });
    const made = await w.gateway.createBlock('new.example', SUSPEND);
    await w.gateway.updateBlock(old.id, SUSPEND);
    expect(await w.gateway.recentBlocks()).toMatchObject({ fresh: false });
    expect((await w.gateway.recentBlocks()).blocks.find((b) => b.id === old.id)).toMatchObject({ severity: 'suspend' });
    expect(await domains(w)).toEqual(['new.example', 'old.example']);
    if (made.kind !== 'created') throw new Error('expected a creation');
    await w.gateway.deleteBlock(made.block.id);
    expect(await domains(w)).toEqual(['old.example']);
    expect(listReads(w)).toBe(1);
  });

  it('is read again once a minute has passed', async () => {
    const w = await setup({}, { flavor: 'mastodon' });
    await w.gateway.recentBlocks();
    w.fake.clock.advance(30_000);
    expect((await w.gateway.recentBlocks()).fresh).toBe(false);
    w.fake.clock.advance(31_000);
    expect((await w.gateway.recentBlocks()).fresh).toBe(true);
    expect(listReads(w)).toBe(2);
  });

  it('is dropped when a creation answers with a block that already exists', async () => {
    const w = await setup({}, { flavor: 'mastodon' });
    await w.gateway.recentBlocks();
    w.fake.state.addBlock({ domain: 'behind.example', severity: 'suspend' });
    expect((await w.gateway.createBlock('behind.example', LIMIT)).kind).toBe('exists');
    expect(await w.gateway.recentBlocks()).toMatchObject({ fresh: true, blocks: [{ domain: 'behind.example' }] });
  });

  it.each([
    ['a write that failed', async (w: GatewaySetup) => void (await w.gateway.updateBlock('999', SUSPEND).catch(() => undefined))],
    ['a write that was retried', async (w: GatewaySetup) => {
      w.fake.faults.next(1, '502', { method: 'POST' });
      await w.gateway.createBlock('flaky.example', SUSPEND);
    }],
    ['a removal of a block that had gone', async (w: GatewaySetup) => void (await w.gateway.deleteBlock('999'))],
  ])('is dropped after %s', async (_name, act) => {
    const w = await setup({}, { flavor: 'mastodon' });
    await w.gateway.recentBlocks();
    await act(w);
    expect((await w.gateway.recentBlocks()).fresh).toBe(true);
  });

  it('is not served after a failed read', async () => {
    const w = await setup({}, { flavor: 'mastodon' });
    await w.gateway.recentBlocks();
    w.fake.faults.next(5, '500', { method: 'GET' });
    await expect(w.gateway.listBlocks()).rejects.toMatchObject({ kind: 'transient' });
    expect((await w.gateway.recentBlocks()).fresh).toBe(true);
  });
});
