// The instance as the source of truth from the first start (real Synapse, the Mastodon contract fake): blocks that
// predate the bot are told to staff and recorded by `!moot import`, can be lifted by a vote, and cover their
// subdomains; a limit can be raised to a suspend; an instance that cannot be read is said so.
import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startMastodonFake, type MastodonFake } from '../fakes/mastodon/index.ts';
import { command, createWorld, pollStartBy, reactionTo, replyTo, textMatching, type World } from './support/world.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/fedimoot.js', import.meta.url).pathname;
const SINCE = '2025-03-14T09:26:53.000Z';

let fake: MastodonFake | undefined;
let world: World | undefined;
afterEach(async () => {
  await world?.botProcess.stop();
  await fake?.stop();
  world = undefined;
  fake = undefined;
});

async function setup(seed: (fake: MastodonFake) => void = () => {}): Promise<{ fake: MastodonFake; world: World }> {
  fake = await startMastodonFake({ rateLimit: false });
  seed(fake);
  world = await createWorld(1, {
    mastodon: { url: fake.url, accessToken: fake.tokens.admin, requestTimeout: '5s' },
    governance: { autoApply: true },
  });
  await world.botProcess.start();
  return { fake, world };
}

const fromBot = (w: World, roomId: string, pattern: RegExp) => w.staff.waitForEvent(roomId, textMatching(pattern, w.bot.userId), { timeoutMs: 30_000 });

async function approve(w: World, n: number): Promise<void> {
  expect(await reactionTo(w.members[0]!, w.memberRoom, `!moot vote ${n} yes`)).toBe('✅');
  expect((await command(w.staff, w.staffRoom, `!moot close ${n}`)).content.body).toMatch(/: approved — /);
}

describe('the instance is the source of truth', () => {
  it('tells staff at a first start about blocks no decision made, and !moot import records them from chat', async () => {
    const { world } = await setup((f) => {
      f.state.addBlock({ domain: 'old-one.example', severity: 'suspend', created_at: SINCE });
      f.state.addBlock({ domain: 'old-two.example', severity: 'silence', created_at: SINCE });
    });
    const told = await fromBot(world, world.staffRoom, /^The instance has/);
    expect(told.content.body).toBe(
      'The instance has 2 blocks that no decision here made: old-one.example, old-two.example.\n\n' +
        'Record them as prior decisions (not voted) with !moot import, so that drift starts at zero; members can still propose to lift any of them, and !moot sync shows what differs.',
    );
    const refused = await command(world.members[0]!, world.memberRoom, '!moot import');
    expect(refused.content.body).toMatch(/staff/);
    const dry = await command(world.staff, world.staffRoom, '!moot import --dry-run');
    expect(dry.content.body).toBe('Dry run: I would record 2 blocks of the instance as prior decisions (not voted): old-two.example, old-one.example.');
    const imported = await command(world.staff, world.staffRoom, '!moot import');
    expect(imported.content.body).toBe(
      'I recorded 2 blocks of the instance as prior decisions (not voted): old-two.example, old-one.example.\n\n' +
        'They are in the decision log marked as recorded, not voted; members can still propose to lift any of them.',
    );
    const sync = await command(world.staff, world.staffRoom, '!moot sync');
    expect(sync.content.body).toBe("No drift: the instance's 2 blocks match the decisions.");
    const again = await command(world.staff, world.staffRoom, '!moot import');
    expect(again.content.body).toBe('There was nothing to record; every block of the instance has a decision. 2 already had a decision.');
  });

  it('lifts by vote a block that predates the bot: the poll says so, applying deletes it, the log records it', async () => {
    const { fake, world } = await setup((f) => void f.state.addBlock({ domain: 'threads.net', severity: 'suspend', created_at: SINCE }));
    const opened = await command(world.members[0]!, world.memberRoom, '!moot propose threads.net lift');
    expect(opened.content.body).toMatch(/^Proposal 1 \(lift threads\.net\) is open for voting/);
    expect(opened.content.body).toContain('threads.net is blocked on the instance since 2025-03-14, not by a vote here: this vote is on lifting that block.');
    // In the staff room too, the poll's notice says so.
    const notice = await world.staff.waitForEvent(world.staffRoom, textMatching(/is open for voting/, world.bot.userId));
    expect(notice.content.body).toContain('threads.net is blocked on the instance since 2025-03-14, not by a vote here');
    await approve(world, 1);
    await fromBot(world, world.staffRoom, /^Proposal 1 .* is now in force/);
    expect(fake.state.findBlock('threads.net')).toBeUndefined();
    const exported = await run(process.execPath, [BIN, 'export', '--format', 'json', '-c', world.botProcess.configPath]);
    const entries = (JSON.parse(exported.stdout) as { entries: Record<string, unknown>[] }).entries;
    expect(entries.find((e) => e.kind === 'decision' && e.number === 1)).toMatchObject({ action: 'lift', outcome: 'approved', priorBlock: { action: 'suspend', since: SINCE } });
  });

  it('answers a subdomain of an instance-suspended parent, and an already suspended domain, with no vote', async () => {
    const { world } = await setup((f) => void f.state.addBlock({ domain: 'example.com', severity: 'suspend', created_at: SINCE }));
    const sub = await command(world.members[0]!, world.memberRoom, '!moot propose sub.example.com suspend');
    expect(sub.content.body).toBe('sub.example.com is already covered by the suspend of example.com on the instance since 2025-03-14 (not by a vote here).');
    const same = await command(world.members[0]!, world.memberRoom, '!moot propose EXAMPLE.com. limit');
    expect(same.content.body).toBe('example.com is already suspended on the instance since 2025-03-14 (not by a vote here).');
    const status = await command(world.members[0]!, world.memberRoom, '!moot status');
    expect(status.content.body).not.toMatch(/Proposal \d/);
  });

  it('raises a limited domain to a suspend, shown as from limit to suspend, and applies it', async () => {
    const { fake, world } = await setup((f) => void f.state.addBlock({ domain: 'loud.example', severity: 'silence', created_at: SINCE }));
    const opened = await command(world.members[0]!, world.memberRoom, '!moot propose loud.example suspend');
    expect(opened.content.body).toContain('loud.example is limited on the instance since 2025-03-14, not by a vote here: this vote is on going from limit to suspend.');
    const poll = await pollStartBy(world.members[0]!, world.memberRoom, world.bot);
    const question = (poll.content['org.matrix.msc3381.poll.start'] as { question: { 'org.matrix.msc1767.text': string } }).question;
    expect(question['org.matrix.msc1767.text']).toBe('Proposal 1: suspend loud.example (from limit to suspend)?');
    await approve(world, 1);
    await fromBot(world, world.staffRoom, /^Proposal 1 .* is now in force/);
    expect(fake.state.blocks).toMatchObject([{ domain: 'loud.example', severity: 'suspend' }]);
  });

  it('says so when the instance cannot be read during a proposal, and checks against the log', async () => {
    // Every block-list read fails, from the start on (a list read within the last minute would stand in otherwise).
    const { world } = await setup((f) => f.faults.next(1_000, '500', { path: '/api/v1/admin/domain_blocks' }));
    // The notice answers the command too; the caveat is the reply that says how it was checked.
    const member = world.members[0]!;
    const sent = await member.sendText(world.memberRoom, '!moot propose new.example suspend');
    const opened = await member.waitForEvent(world.memberRoom, replyTo(sent, /could not read/), { timeoutMs: 60_000 });
    expect(opened.content.body).toMatch(/^Proposal 1 \(suspend new\.example\) is open; its poll and notice follow\. I could not read the instance's block list \(.+\), so this was checked against the decision log only\.$/);
    const lift = await command(world.members[0]!, world.memberRoom, '!moot propose threads.net lift', 60_000);
    expect(lift.content.body).toMatch(/^threads\.net is not blocked, so there is nothing to lift\. I could not read the instance's block list \(.+\), so this was checked against the decision log only\.$/);
  });
});
