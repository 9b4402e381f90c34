// The Matrix policy list as a subscriber sees it: a room the bot creates itself (matrix.createPolicyRoom), public and
// of type m.policy, with rules for blocks recorded by `fedimoot import` and for blocks applied after a vote, emptied
// by a lift; read back from Synapse by an account that only joined to subscribe.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';
import { MatrixUser } from './support/matrix-user.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/fedimoot.js', import.meta.url).pathname;
const RULE = 'm.policy.rule.server';
const gts = inject('gotosocial');
const synapse = inject('synapse');

async function blockOnInstance(domain: string, comment: string): Promise<void> {
  const res = await fetch(`${gts.url}/api/v1/admin/domain_blocks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gts.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ domain, public_comment: comment }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('a policy room the bot creates', () => {
  let world: World;
  let subscriber: MatrixUser;
  let alias: string;
  let room: string;
  let imported: string;
  let voted: string;

  const decide = async (proposal: string) => {
    const member = world.members[0]!;
    const opened = String((await command(member, world.memberRoom, `!moot propose ${proposal}`)).content.body);
    expect(opened).toMatch(/ is open for voting/);
    // Numbers are shared with the imported decisions, so read this one off the reply.
    const n = Number(/Proposal (\d+)/.exec(opened)![1]);
    expect(await reactionTo(member, world.memberRoom, `!moot vote ${n} yes`)).toBe('✅');
    expect((await command(world.staff, world.staffRoom, `!moot close ${n}`)).content.body).toMatch(/: approved — /);
    await world.staff.waitForEvent(world.staffRoom, textMatching(new RegExp(`^Proposal ${n} .* is now in force`), world.bot.userId), { timeoutMs: 30_000 });
  };
  const rule = (domain: string, sub = false) => subscriber.getState(room, RULE, `fedimoot:${sub ? '*.' : ''}${domain}`);

  beforeAll(async () => {
    world = await createWorld(1, { mastodon: { url: gts.url, accessToken: gts.adminToken }, governance: { autoApply: true } });
    alias = `#policy-${world.suffix}:${world.bot.userId.split(':')[1]}`;
    await world.botProcess.setConfig({ matrix: { policyRoom: alias, createPolicyRoom: true } });
    imported = `prior-${world.suffix}.example`;
    voted = `voted-${world.suffix}.example`;
    await blockOnInstance(imported, 'blocked before fedimoot');
    const recorded = await run(process.execPath, [BIN, 'import', '-c', world.botProcess.configPath]);
    expect(recorded.stdout).toContain(`  ${imported}\n`);
    await world.botProcess.start();
    subscriber = await MatrixUser.register(synapse, `subscriber-${world.suffix}`);
    room = await subscriber.join(alias);
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('is public, world-readable, of type m.policy, with a readable name, and only the bot may set rules', async () => {
    expect(await subscriber.getState(room, 'm.room.create')).toMatchObject({ type: 'm.policy' });
    expect(await subscriber.getState(room, 'm.room.name')).toEqual({ name: `Federation policy of ${new URL(gts.url).host}` });
    expect(await subscriber.getState(room, 'm.room.join_rules')).toEqual({ join_rule: 'public' });
    expect(await subscriber.getState(room, 'm.room.history_visibility')).toEqual({ history_visibility: 'world_readable' });
    await expect(subscriber.sendState(room, RULE, 'fedimoot:evil.example', { entity: 'evil.example', recommendation: 'm.ban', reason: 'x' })).rejects.toThrow(/403/);
  });

  it('has the rules of the blocks recorded by fedimoot import, sent at start', async () => {
    await expect.poll(() => rule(imported).catch(() => undefined), { timeout: 15_000 }).toEqual({ entity: imported, recommendation: 'm.ban', reason: 'blocked before fedimoot' });
    await expect.poll(() => rule(imported, true).catch(() => undefined), { timeout: 5_000 }).toEqual({ entity: `*.${imported}`, recommendation: 'm.ban', reason: 'blocked before fedimoot' });
  });

  it('gets the rules of a block applied after a vote, and a lift empties them', async () => {
    await decide(`${voted} suspend --reason "spam waves"`);
    await expect.poll(() => rule(voted).catch(() => undefined), { timeout: 15_000 }).toEqual({ entity: voted, recommendation: 'm.ban', reason: 'spam waves' });
    await expect.poll(() => rule(voted, true).catch(() => undefined), { timeout: 5_000 }).toEqual({ entity: `*.${voted}`, recommendation: 'm.ban', reason: 'spam waves' });
    await decide(`${imported} lift`);
    await expect.poll(() => rule(imported), { timeout: 15_000 }).toEqual({});
    await expect.poll(() => rule(imported, true), { timeout: 5_000 }).toEqual({});
    expect(await rule(voted)).toMatchObject({ entity: voted });
  });

  it('is the same room after a restart', async () => {
    await world.botProcess.stop();
    await world.botProcess.start();
    const joined = await world.bot.joinedRooms();
    const policyRooms: string[] = [];
    for (const id of joined) {
      const create = await world.bot.getState<{ type?: string }>(id, 'm.room.create');
      if (create.type === 'm.policy') policyRooms.push(id);
    }
    expect(policyRooms).toEqual([room]);
    const log = await world.botProcess.log();
    expect(log.match(/created the policy room/g)).toHaveLength(1);
  });
});
