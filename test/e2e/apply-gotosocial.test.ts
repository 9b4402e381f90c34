// Approved decisions applied on a real GoToSocial by the real bot, after a real vote in Synapse.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';

const gts = inject('gotosocial');

async function serverBlocks(): Promise<{ id: string; domain: string }[]> {
  const res = await fetch(`${gts.url}/api/v1/admin/domain_blocks`, { headers: { authorization: `Bearer ${gts.adminToken}` } });
  return (await res.json()) as { id: string; domain: string }[];
}

describe('applying decisions on GoToSocial', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(2, {
      mastodon: { url: gts.url, accessToken: gts.adminToken },
      governance: { autoApply: true },
    });
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  const decide = async (proposal: string, n: number): Promise<void> => {
    const { members, memberRoom, staff, staffRoom } = world;
    const opened = await command(members[0]!, memberRoom, `!moot propose ${proposal}`);
    expect(opened.content.body).toMatch(new RegExp(`^Proposal ${n} .* is open for voting`));
    expect(await reactionTo(members[0]!, memberRoom, `!moot vote ${n} yes`)).toBe('✅');
    const closed = await command(staff, staffRoom, `!moot close ${n}`);
    expect(closed.content.body).toMatch(new RegExp(`^Proposal ${n} .*: approved — yes 1`));
  };

  it('refuses a limit at proposal time: this server can only suspend', async () => {
    const reply = await command(world.members[0]!, world.memberRoom, `!moot propose limited-${world.suffix}.example limit`);
    expect(reply.content.body).toBe(
      `This server can only suspend: a limit, --reject-media or --reject-reports cannot be applied on it. Propose limited-${world.suffix}.example suspend instead.`,
    );
  });

  it('blocks an approved domain on the instance, says so, and a lift removes it again', async () => {
    const domain = `spam-${world.suffix}.example`;
    await decide(`${domain} suspend --reason "spam waves"`, 1);
    const applied = await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 1 \(suspend .*\) is now in force/, world.bot.userId), { timeoutMs: 30_000 });
    expect(applied.content.body).toBe(`Proposal 1 (suspend ${domain}) is now in force on the instance: I added a suspend block for ${domain}.`);
    const blocks = (await serverBlocks()).filter((b) => b.domain === domain);
    expect(blocks).toHaveLength(1);

    await decide(`${domain} lift`, 2);
    await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 2 \(lift .*\) is now in force/, world.bot.userId), { timeoutMs: 30_000 });
    expect((await serverBlocks()).filter((b) => b.domain === domain)).toEqual([]);
  });

  const blockByHand = async (domain: string): Promise<void> => {
    const made = await fetch(`${gts.url}/api/v1/admin/domain_blocks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gts.adminToken}` },
      body: new URLSearchParams({ domain, public_comment: 'by hand' }),
    });
    expect(made.status).toBe(200);
  };

  it('never makes a second block of a domain blocked behind its back between two applies', async () => {
    const first = `first-${world.suffix}.example`;
    const behind = `behind-${world.suffix}.example`;
    await decide(`${first} suspend`, 3);
    await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 3 \(suspend .*\) is now in force/, world.bot.userId), { timeoutMs: 30_000 });
    const opened = await command(world.members[0]!, world.memberRoom, `!moot propose ${behind} suspend`);
    expect(opened.content.body).toMatch(/^Proposal 4 .* is open for voting/);
    // Staff block it in the admin UI while the vote runs: the list the bot read for the last apply does not know,
    // and GoToSocial would answer a POST with 200.
    await blockByHand(behind);
    expect(await reactionTo(world.members[0]!, world.memberRoom, '!moot vote 4 yes')).toBe('✅');
    expect((await command(world.staff, world.staffRoom, '!moot close 4')).content.body).toMatch(/^Proposal 4 .*: approved — yes 1/);
    const applied = await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 4 \(suspend .*\) is now in force/, world.bot.userId), { timeoutMs: 30_000 });
    expect(applied.content.body).not.toContain('I added');
    expect((await serverBlocks()).filter((b) => b.domain === behind)).toHaveLength(1);
  });

  it('lifts by vote a block made on the server before the bot knew of it, and answers one already there', async () => {
    const old = `old-${world.suffix}.example`;
    await blockByHand(old);
    const again = await command(world.members[0]!, world.memberRoom, `!moot propose sub.${old} suspend`);
    const today = new Date().toISOString().slice(0, 10);
    expect(again.content.body).toBe(`sub.${old} is already covered by the suspend of ${old} on the instance since ${today} (not by a vote here).`);
    const opened = await command(world.members[0]!, world.memberRoom, `!moot propose ${old} lift`);
    expect(opened.content.body).toMatch(/^Proposal 5 .* is open for voting/);
    expect(opened.content.body).toContain(`${old} is blocked on the instance since ${today}, not by a vote here: this vote is on lifting that block.`);
    expect(await reactionTo(world.members[0]!, world.memberRoom, '!moot vote 5 yes')).toBe('✅');
    expect((await command(world.staff, world.staffRoom, '!moot close 5')).content.body).toMatch(/^Proposal 5 .*: approved — yes 1/);
    await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 5 \(lift .*\) is now in force/, world.bot.userId), { timeoutMs: 30_000 });
    expect((await serverBlocks()).filter((b) => b.domain === old)).toEqual([]);
  });

  it('answers impact with the unavailable figures of GoToSocial', async () => {
    const reply = await command(world.members[1]!, world.memberRoom, '!moot impact threads.net');
    expect(reply.content.body).toBe('Blocking threads.net (with its subdomains) would affect: impact figures are not available on this server.');
  });
});
