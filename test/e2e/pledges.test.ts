// Pledges following real decisions (Synapse + GoToSocial), and verified membership with codes sent on GoToSocial.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';
import type { MatrixUser } from './support/matrix-user.ts';
import { directRoomOf, POINTER_KEPT, POINTER_REMOVED, privateCommand } from './support/private-answers.ts';

/** The note a private answer carries when the command stayed readable in the room, or was removed there. */
const KEPT = '\n\nYou wrote this in a room, where your command is still visible: I may not remove messages there. Next time write it to me here.';
const REMOVED = '\n\nYou wrote this in a room; I removed your command there, so only you and I read this answer.';

/** A personal command in the member room: the pointer there must be `pointer`; returns the answer in the DM. */
async function personal(world: World, user: MatrixUser, text: string, answer: RegExp, pointer = POINTER_KEPT): Promise<string> {
  const result = await privateCommand(world, user, world.memberRoom, text, answer);
  expect(result.pointer).toBe(pointer);
  return result.answer;
}

const gts = inject('gotosocial');

async function decide(world: World, proposal: string, n: number, answer: 'yes' | 'no'): Promise<string> {
  expect((await command(world.members[0]!, world.memberRoom, `!moot propose ${proposal}`)).content.body).toMatch(/ is open for voting/);
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

    expect(await personal(world, m0, `!moot pledge 5,50 EUR --while ${domain}`, /^Thank you/)).toBe(
      `Thank you: your pledge #1 is recorded: €5.50 a month as long as ${domain} stays blocked. Only you and staff see it; everyone else sees totals.${KEPT}`,
    );
    expect(await personal(world, m0, '!moot pledge 12 EUR yearly', /^Thank you/)).toMatch(/^Thank you: your pledge #2 is recorded: €12\.00 a year\./);
    const totals = await command(world.members[1]!, world.memberRoom, '!moot pledges');
    expect(totals.content.body).toContain(`In total: €6.50/month (€12.00 a year among it) from 2 pledges.`);
    expect(totals.content.body).toContain(`€5.50/month from 1 pledge depends on ${domain} staying blocked.`);
    expect(totals.content.body).not.toContain(m0.userId);
    expect(await personal(world, m0, '!moot pledge 5.555 EUR', /decimal places/)).toBe(`EUR has 2 decimal places; "5.555" has 3.${KEPT}`);

    // The poll's notice answers the propose command in the room it was written in.
    const notice = await command(m0, world.memberRoom, `!moot propose ${domain} lift`);
    expect(notice.content.body).toMatch(/^Proposal 2 \(lift .*\) is open for voting/);
    expect(notice.content.body).toContain('At stake: €5.50/month from 1 pledge depends on the block this proposal would remove or weaken.');
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
    expect(await personal(world, m0, '!moot unpledge 1', /^Pledge #1/)).toBe(`Pledge #1 is released already.${KEPT}`);
    expect(await personal(world, m0, '!moot unpledge 2', /^Pledge #2/)).toBe(`Pledge #2 is withdrawn.${KEPT}`);
    // The member room never read an amount.
    const seen = (await world.members[1]!.messages(world.memberRoom, { limit: 200 })).filter((e) => e.sender === world.bot.userId).map((e) => String(e.content.body ?? ''));
    expect(seen.filter((body) => /Thank you|#1:|€5\.50 a month as long/.test(body))).toEqual([]);
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
    // The bot may remove messages in the member room, as a moderator bot would.
    await world.staff.setPowerLevel(world.memberRoom, world.bot.userId, 50);
    await world.botProcess.start();
    const w = world;
    const [m0, m1] = world.members as [MatrixUser, MatrixUser];
    const linked = (user: MatrixUser, text: string, answer: RegExp) => personal(w, user, text, answer, POINTER_REMOVED);
    expect(await linked(m0, '!moot link @alice', /^I sent a code/)).toBe(`I sent a code to @alice as a direct message on the instance. Write !moot verify <code> here within an hour.${REMOVED}`);
    const code = await codeFor('alice');
    expect(await linked(m0, '!moot verify WRONGCODE', /not right/)).toBe(`That code is not right. Check the direct message on the instance and try again.${REMOVED}`);
    const verified = await privateCommand(w, m0, w.memberRoom, `!moot verify ${code}`, /^Linked/);
    expect(verified.answer).toBe(`Linked: your Matrix account now stands for @alice on the instance.${REMOVED}`);
    // The code is gone from the room: the command was redacted.
    await expect.poll(async () => (await m1.getEvent(w.memberRoom, verified.commandEventId)).content, { timeout: 10_000 }).toEqual({});
    expect(await linked(m0, `!moot verify ${code}`, /^You have no code waiting/)).toMatch(/^You have no code waiting/);
    expect(await linked(m1, '!moot link @alice', /already linked/)).toBe(`@alice is already linked to another Matrix account.${REMOVED}`);
    expect(await linked(m1, '!moot link @nobody-here', /nobody-here/)).toBe(`There is no account nobody-here on the instance.${REMOVED}`);
    expect(await linked(m1, '!moot link @alice@elsewhere.example', /another instance/)).toBe(
      `@alice@elsewhere.example is an account on another instance (elsewhere.example); only accounts on this instance (${gts.host}) can be linked.${REMOVED}`,
    );
  });

  it('with requireLinkedAccount, counts only linked members and says so in the notice', async () => {
    world = await createWorld(2, { mastodon: { url: gts.url, accessToken: gts.adminToken }, governance: { eligibility: { requireLinkedAccount: true, minAccountAgeDays: 0 } } });
    await world.botProcess.start();
    const [m0, m1] = world.members as [MatrixUser, MatrixUser];
    await personal(world, m0, '!moot link @bob', /^I sent a code/);
    expect(await personal(world, m0, `!moot verify ${await codeFor('bob')}`, /^Linked/)).toMatch(/^Linked/);
    const notice = await command(m0, world.memberRoom, `!moot propose linked-${world.suffix}.example suspend`);
    expect(notice.content.body).toMatch(/is open for voting/);
    expect(notice.content.body).toContain('The 1 members of the proposal');
    expect(notice.content.body).toContain('Only members who linked a local account on the instance (not suspended or disabled) may vote');
    expect((await command(m1, world.memberRoom, '!moot vote 1 yes')).content.body).toMatch(/is on record but will not be counted: only members of its rooms when the poll opened whose linked local account was readable, in good standing and old enough then may vote on it/);
    expect(await reactionTo(m0, world.memberRoom, '!moot vote 1 yes')).toBe('✅');
    expect((await command(world.staff, world.staffRoom, '!moot close 1')).content.body).toMatch(/: approved — yes 1 · no 0 · abstain 0 · spoiled 0 · 1 of 1 eligible voted/);
  });
});
