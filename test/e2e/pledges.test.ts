// Pledges following real decisions (Synapse + GoToSocial), and verified membership with codes sent on GoToSocial.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';
import type { MatrixUser } from './support/matrix-user.ts';

const gts = inject('gotosocial');

/** The bot's direct-message room with a user, from the m.direct it keeps. */
async function directRoomOf(world: World, userId: string): Promise<string | undefined> {
  const path = `/_matrix/client/v3/user/${encodeURIComponent(world.bot.userId)}/account_data/m.direct`;
  const direct = await world.bot.request<Record<string, string[]>>('GET', path).catch(() => ({} as Record<string, string[]>));
  return direct[userId]?.[0];
}

async function decide(world: World, proposal: string, n: number, answer: 'yes' | 'no'): Promise<string> {
  expect((await command(world.members[0]!, world.memberRoom, `!moot propose ${proposal}`)).content.body).toMatch(/ is open\./);
  expect(await reactionTo(world.members[1]!, world.memberRoom, `!moot vote ${n} ${answer}`)).toBe('✅');
  return (await command(world.staff, world.staffRoom, `!moot close ${n}`)).content.body as string;
}

describe('pledges tied to decisions', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(2, { mastodon: { url: gts.url, accessToken: gts.adminToken }, governance: { autoApply: true } });
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('goes at risk while a lift is open, back when it fails, and is released with a direct message when one is applied', async () => {
    const [m0] = world.members as [MatrixUser, MatrixUser];
    const domain = `pledged-${world.suffix}.example`;
    expect(await decide(world, `${domain} suspend`, 1, 'yes')).toMatch(/: approved/);
    await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 1 .* is now in force/, world.bot.userId), { timeoutMs: 30_000 });

    const pledged = await command(m0, world.memberRoom, `!moot pledge 5,50 EUR --while ${domain}`);
    expect(pledged.content.body).toBe(`Thank you: pledge #1: €5.50 a month as long as ${domain} stays blocked (active) is recorded. Everyone but you and staff sees only totals; to keep even the command private, write it to me in a direct message next time.`);
    expect((await command(m0, world.memberRoom, '!moot pledge 12 EUR yearly')).content.body).toMatch(/^Thank you: pledge #2: €12\.00 a year \(active\)/);
    const totals = await command(world.members[1]!, world.memberRoom, '!moot pledges');
    expect(totals.content.body).toContain(`In total: €6.50/month from 2 pledges.`);
    expect(totals.content.body).toContain(`€5.50/month from 1 pledge depends on ${domain} staying blocked.`);
    expect(totals.content.body).not.toContain(m0.userId);
    expect((await command(m0, world.memberRoom, '!moot pledge 5.555 EUR')).content.body).toBe('EUR has 2 decimal places; "5.555" has 3.');

    const notice = textMatching(/^Proposal 2 \(lift .*\) is open for voting/, world.bot.userId);
    await command(m0, world.memberRoom, `!moot propose ${domain} lift`);
    expect((await m0.waitForEvent(world.memberRoom, notice)).content.body).toContain('At stake: €5.50/month from 1 pledge depend on the block this proposal would remove or weaken.');
    await expect.poll(async () => (await command(world.staff, world.staffRoom, '!moot pledges --detail')).content.body, { timeout: 10_000 }).toContain('(at risk)');
    expect(await reactionTo(world.members[1]!, world.memberRoom, '!moot vote 2 no')).toBe('✅');
    expect((await command(world.staff, world.staffRoom, '!moot close 2')).content.body).toMatch(/: rejected/);
    await expect.poll(async () => (await command(world.staff, world.staffRoom, '!moot pledges --detail')).content.body, { timeout: 10_000 }).not.toContain('(at risk)');

    expect(await decide(world, `${domain} lift`, 3, 'yes')).toMatch(/: approved/);
    await world.staff.waitForEvent(world.staffRoom, textMatching(/releases 1 pledge: €5\.50\/month from 1 pledge/, world.bot.userId), { timeoutMs: 30_000 });
    let dmRoom: string | undefined;
    for (let i = 0; i < 50 && !dmRoom; i++) {
      dmRoom = await directRoomOf(world, m0.userId);
      if (!dmRoom) await sleep(200);
    }
    await m0.join(dmRoom!);
    await expect.poll(async () => (await m0.messages(dmRoom!)).map((e) => String(e.content.body ?? '')).join('\n'), { timeout: 10_000 })
      .toContain(`Your pledge #1: €5.50 a month as long as ${domain} stays blocked (released) is released: proposal 3 (lift ${domain}) was decided and applied.`);
    expect((await command(m0, world.memberRoom, '!moot unpledge 1')).content.body).toBe('Pledge #1 is released already.');
    expect((await command(m0, world.memberRoom, '!moot unpledge 2')).content.body).toBe('Pledge #2 is withdrawn.');
  });
});

describe('verified membership', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.botProcess.stop();
    world = undefined;
  });

  async function codeFor(user: 'alice' | 'bob'): Promise<string> {
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${gts.url}/api/v1/notifications?types[]=mention&limit=5`, { headers: { authorization: `Bearer ${gts.users[user].token}` } });
      const notes = (await res.json()) as { status?: { content?: string } }[];
      const code = notes.map((n) => /Your fedimoot code is ([A-Z0-9]{8})/.exec(n.status?.content ?? '')?.[1]).find(Boolean);
      if (code) return code;
      await sleep(200);
    }
    throw new Error(`no code reached ${user}`);
  }

  it('sends a code to the instance account, links with it once, and refuses a second Matrix account', async () => {
    world = await createWorld(2, { mastodon: { url: gts.url, accessToken: gts.adminToken } });
    await world.botProcess.start();
    const [m0, m1] = world.members as [MatrixUser, MatrixUser];
    const sent = await command(m0, world.memberRoom, '!moot link @alice');
    expect(sent.content.body).toBe('I sent a code to @alice as a direct message on the instance. Write !moot verify <code> here within an hour.');
    const code = await codeFor('alice');
    expect((await command(m0, world.memberRoom, '!moot verify WRONGCODE')).content.body).toBe('That code is not right. Check the direct message on the instance and try again.');
    expect((await command(m0, world.memberRoom, `!moot verify ${code}`)).content.body).toBe('Linked: your Matrix account now stands for @alice on the instance.');
    expect((await command(m0, world.memberRoom, `!moot verify ${code}`)).content.body).toMatch(/^You have no code waiting/);
    expect((await command(m1, world.memberRoom, '!moot link @alice')).content.body).toBe('@alice is already linked to another Matrix account.');
    expect((await command(m1, world.memberRoom, '!moot link @nobody-here')).content.body).toBe('There is no account nobody-here on the instance.');
    expect((await command(m1, world.memberRoom, '!moot link @alice@elsewhere.example')).content.body).toBe(
      `@alice@elsewhere.example is an account on another instance (elsewhere.example); only accounts on this instance (${gts.host}) can be linked.`,
    );
  });

  it('with requireLinkedAccount, counts only linked members and says so in the notice', async () => {
    world = await createWorld(2, { mastodon: { url: gts.url, accessToken: gts.adminToken }, governance: { eligibility: { requireLinkedAccount: true, minAccountAgeDays: 0 } } });
    await world.botProcess.start();
    const [m0, m1] = world.members as [MatrixUser, MatrixUser];
    await command(m0, world.memberRoom, '!moot link @bob');
    expect((await command(m0, world.memberRoom, `!moot verify ${await codeFor('bob')}`)).content.body).toMatch(/^Linked/);
    await command(m0, world.memberRoom, `!moot propose linked-${world.suffix}.example suspend`);
    const notice = await m0.waitForEvent(world.memberRoom, textMatching(/is open for voting/, world.bot.userId));
    expect(notice.content.body).toContain('The 1 members of the proposal');
    expect(notice.content.body).toContain('Only members who linked a local account on the instance (not suspended or disabled) may vote');
    expect((await command(m1, world.memberRoom, '!moot vote 1 yes')).content.body).toMatch(/is on record but will not be counted: only members of its rooms when the poll opened whose linked local account was readable, in good standing and old enough then may vote on it/);
    expect(await reactionTo(m0, world.memberRoom, '!moot vote 1 yes')).toBe('✅');
    expect((await command(world.staff, world.staffRoom, '!moot close 1')).content.body).toMatch(/: approved — yes 1 · no 0 · abstain 0 · spoiled 0 · 1 of 1 eligible voted/);
  });
});
