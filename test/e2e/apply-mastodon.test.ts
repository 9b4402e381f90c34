// Applying decisions against the Mastodon contract fake (Mastodon itself cannot run here): covering parents,
// refusals, dry runs, a crash mid-apply, drift after `fedimoot import`, and the statuses posted on the instance.
import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMastodonFake, type MastodonFake } from '../fakes/mastodon/index.ts';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/fedimoot.js', import.meta.url).pathname;

let fake: MastodonFake | undefined;
let world: World | undefined;
afterEach(async () => {
  await world?.botProcess.stop();
  await fake?.stop();
  world = undefined;
  fake = undefined;
});

async function setup(mastodon: Record<string, unknown> = {}, token = 'admin'): Promise<{ fake: MastodonFake; world: World }> {
  fake = await startMastodonFake({ rateLimit: false });
  world = await createWorld(1, {
    mastodon: { url: fake.url, accessToken: fake.tokens[token], requestTimeout: '20s', ...mastodon },
    governance: { autoApply: true },
  });
  await world.botProcess.start();
  return { fake, world };
}

/** `whileOpen` runs once the vote is open, before the close: what happens on the instance meanwhile. */
async function approve(w: World, proposal: string, n: number, whileOpen: () => unknown = () => {}): Promise<void> {
  const opened = await command(w.members[0]!, w.memberRoom, `!moot propose ${proposal}`);
  expect(opened.content.body).toMatch(new RegExp(`^Proposal ${n} .* is open for voting`));
  whileOpen();
  expect(await reactionTo(w.members[0]!, w.memberRoom, `!moot vote ${n} yes`)).toBe('✅');
  expect((await command(w.staff, w.staffRoom, `!moot close ${n}`)).content.body).toMatch(/: approved — /);
}

const fromBot = (w: World, pattern: RegExp) => w.staff.waitForEvent(w.staffRoom, textMatching(pattern, w.bot.userId), { timeoutMs: 30_000 });

describe('applying decisions on Mastodon (contract fake)', () => {
  it('leaves a domain to a parent block at least as strict, made while the vote ran, and tells staff', async () => {
    const { fake, world } = await setup();
    // Made before the proposal, the parent's block would have answered it "already covered" (instance-truth.test.ts).
    await approve(world, 'sub.parent.example limit', 1, () => fake.state.addBlock({ domain: 'parent.example', severity: 'suspend' }));
    const told = await fromBot(world, /already covered/);
    expect(told.content.body).toBe('Proposal 1 (limit sub.parent.example): sub.parent.example is already covered by the block of parent.example; no block of its own was added.');
    await fromBot(world, /^Proposal 1 .* is now in force/);
    expect(fake.state.blocks.map((b) => b.domain)).toEqual(['parent.example']);
  });

  it('marks a refused application apply_failed and posts the server\'s message to staff', async () => {
    const { world } = await setup({}, 'moderator');
    await approve(world, 'refused.example suspend', 1);
    const told = await fromBot(world, /^Applying Proposal 1/);
    expect(told.content.body).toBe(
      'Applying Proposal 1 (suspend refused.example) failed: reading the domain blocks: the instance answered 403 This action is not allowed\n\nFix the cause, then try again with !moot apply 1.',
    );
    const status = await command(world.staff, world.staffRoom, '!moot status 1');
    expect(status.content.body).toContain('approved, application failed');
  });

  it('with mastodon.dryRun writes nothing and says what it would do', async () => {
    const { fake, world } = await setup({ dryRun: true });
    await approve(world, 'dry.example suspend --reject-media', 1);
    const told = await fromBot(world, /^Dry run/);
    expect(told.content.body).toBe('Dry run (mastodon.dryRun): for Proposal 1 (suspend dry.example) I would add a suspend block for dry.example. Nothing was changed.');
    const preview = await command(world.staff, world.staffRoom, '!moot apply 1 --dry-run');
    expect(preview.content.body).toBe('Dry run: for Proposal 1 (suspend dry.example) I would add a suspend block for dry.example. Nothing was changed.');
    // Only reads: the block list, and the impact figures (measures are read with a POST).
    expect(fake.requests.filter((r) => r.method !== 'GET' && r.path !== '/api/v1/admin/measures')).toEqual([]);
  });

  it('finds the block made just before a crash instead of making a second one', async () => {
    const { fake, world } = await setup();
    // The POST is carried out, but its answer never arrives before the bot dies.
    fake.faults.add({ kind: 'slow', method: 'POST', path: '/api/v1/admin/domain_blocks', phase: 'after', delayMs: 15_000 });
    await approve(world, 'crash.example suspend', 1);
    for (let i = 0; i < 100 && !fake.state.findBlock('crash.example'); i++) await sleep(100);
    expect(fake.state.findBlock('crash.example')).toBeDefined();
    await world.botProcess.kill();
    await world.botProcess.start();
    const done = await fromBot(world, /^Proposal 1 .* is now in force/);
    expect(done.content.body).toBe('Proposal 1 (suspend crash.example) is now in force on the instance: I found the block of crash.example already as decided.');
    expect(fake.state.blocks.filter((b) => b.domain === 'crash.example')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/admin/domain_blocks')).toHaveLength(1);
  });

  it('reports no drift after fedimoot import, and names a block added behind its back', async () => {
    const { fake, world } = await setup();
    fake.state.addBlock({ domain: 'old-one.example', severity: 'suspend' });
    fake.state.addBlock({ domain: 'old-two.example', severity: 'silence', public_comment: 'noisy' });
    const before = await command(world.staff, world.staffRoom, '!moot sync');
    expect(before.content.body).toContain('2 differences');
    const imported = await run(process.execPath, [BIN, 'import', '-c', world.botProcess.configPath]);
    expect(imported.stdout).toContain('recorded 2 blocks as prior decisions (not voted)');
    const after = await command(world.staff, world.staffRoom, '!moot sync');
    expect(after.content.body).toBe("No drift: the instance's 2 blocks match the decisions.");
    fake.state.addBlock({ domain: 'sneaky.example', severity: 'suspend' });
    const drift = await command(world.staff, world.staffRoom, '!moot sync');
    expect(drift.content.body).toContain('sneaky.example: blocked on the instance (suspend) without a decision. Settle with: !moot import (record it), or !moot propose sneaky.example lift');
  });

  it('shows impact figures in words', async () => {
    const { fake, world } = await setup();
    fake.state.measures.set('threads.net', { follows: 12, followers: 30, accounts: 400, reports: 1, media_attachments: 2_500_000 });
    const reply = await command(world.members[0]!, world.memberRoom, '!moot impact Threads.NET');
    expect(reply.content.body).toBe(
      'Blocking threads.net (with its subdomains) would affect: 12 local accounts follow people there; 30 people there follow local accounts; 400 accounts from there known here; 1 report about them; 2.5 MB of their media cached.',
    );
  });

  it('posts the result and then the application as statuses on the instance, once each, with mastodon.announce', async () => {
    const { fake, world } = await setup({ announce: { enabled: true, visibility: 'unlisted' } });
    await approve(world, 'loud.example suspend', 1);
    await fromBot(world, /^Proposal 1 .* is now in force/);
    for (let i = 0; i < 100 && fake.state.statuses.length < 2; i++) await sleep(100);
    await sleep(500);
    expect(fake.state.statuses.map((s) => ({ text: s.text, visibility: s.visibility }))).toEqual([
      { text: expect.stringMatching(/^Proposal 1 \(suspend loud\.example\): approved — yes 1 · no 0/), visibility: 'unlisted' },
      { text: 'Proposal 1 (suspend loud.example) is now in force on this instance.', visibility: 'unlisted' },
    ]);
  });

  it('never names an obfuscated domain in its statuses', async () => {
    const { fake, world } = await setup({ announce: { enabled: true, visibility: 'public' } });
    await approve(world, 'hidden.example suspend --obfuscate', 1);
    await fromBot(world, /^Proposal 1 .* is now in force/);
    for (let i = 0; i < 100 && fake.state.statuses.length < 2; i++) await sleep(100);
    const texts = fake.state.statuses.map((s) => s.text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^Proposal 1 \(suspend hidd\*\*\.\*\*\*\*ple\): approved/);
    expect(texts[1]).toBe('Proposal 1 (suspend hidd**.****ple) is now in force on this instance.');
    expect(texts.join(' ')).not.toContain('hidden');
    expect(fake.state.findBlock('hidden.example')).toMatchObject({ obfuscate: true });
  });

  it('refuses, after at most one POST, a block Mastodon will not nest under its parent, and says why', async () => {
    const { fake, world } = await setup();
    fake.state.addBlock({ domain: 'mixed.example', severity: 'silence', reject_media: true });
    await approve(world, 'sub.mixed.example limit --reject-reports', 1);
    const told = await fromBot(world, /^Applying Proposal 1/);
    expect(told.content.body).toMatch(/^Applying Proposal 1 \(limit sub\.mixed\.example\) failed: sub\.mixed\.example cannot be blocked: the instance refuses it because of its block of mixed\.example \(limit, reject media\)/);
    // None when the bot's list shows the parent; one (answered 422) when the parent was added after the bot read the
    // list at start, as here. The unit tests of runApply pin both.
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/admin/domain_blocks' && r.status !== 422)).toHaveLength(0);
    const staffStatus = (await command(world.staff, world.staffRoom, '!moot status 1')).content.body;
    expect(staffStatus).toContain('approved, application failed');
    expect(staffStatus).toContain('Last error applying it (staff only): sub.mixed.example cannot be blocked');
    expect((await command(world.members[0]!, world.memberRoom, '!moot status 1')).content.body).not.toContain('Last error');
  });
});
