// A member's own impact of a cut, end to end: the bot as a process on the shared Synapse, members on matrix clients,
// accounts and follows made here. Across domains on the Mastodon contract fake (one GoToSocial here cannot federate
// with another domain); the hidden network, the refusal-free read and its facts on the real GoToSocial.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMastodonFake, type MastodonFake } from '../fakes/mastodon/index.ts';
import type { AccountRecord } from '../fakes/mastodon/state.ts';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';
import type { MatrixUser } from './support/matrix-user.ts';
import type { MatrixEvent } from './support/matrix-events.ts';
import { joinedDirectRoom, POINTER_KEPT, privateCommand } from './support/private-answers.ts';

const gts = inject('gotosocial');
const run = promisify(execFile);
const BIN = new URL('../../bin/fedimoot.js', import.meta.url).pathname;
const HEADER = 'Account address,Show boosts,Notify on new posts,Languages';
const KEPT = '\n\nYou wrote this in a room, where your command is still visible: I may not remove messages there. Next time write it to me here.';

/** The bot's messages in a direct room, oldest first. */
async function botEvents(world: World, user: MatrixUser, roomId: string): Promise<MatrixEvent[]> {
  const events = await user.messages(roomId, { limit: 100 });
  return events.filter((e) => e.sender === world.bot.userId && e.type === 'm.room.message').reverse();
}

/** The text of a file the bot sent (m.file, unencrypted: the bot's own direct rooms are). */
async function fileText(user: MatrixUser, event: MatrixEvent): Promise<string> {
  expect(event.content.msgtype).toBe('m.file');
  const mxc = String(event.content.url);
  const [server, id] = mxc.replace('mxc://', '').split('/');
  const res = await fetch(`${user.url}/_matrix/client/v1/media/download/${server}/${id}`, { headers: { authorization: `Bearer ${user.accessToken}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The file sent as a reply to the bot's message `answerId` in the room. */
async function fileFor(world: World, user: MatrixUser, roomId: string, answerId: string): Promise<MatrixEvent> {
  let found: MatrixEvent | undefined;
  await expect.poll(async () => (found = (await botEvents(world, user, roomId)).find((e) =>
    (e.content['m.relates_to'] as { 'm.in_reply_to'?: { event_id?: string } } | undefined)?.['m.in_reply_to']?.event_id === answerId)), { timeout: 15_000 }).toBeDefined();
  return found!;
}

describe('personal impact across domains (Mastodon contract fake)', () => {
  let fake: MastodonFake;
  let world: World;
  let mia: AccountRecord;
  let noah: AccountRecord;
  beforeAll(async () => {
    fake = await startMastodonFake({ rateLimit: false });
    const s = fake.state;
    mia = s.addAccount({ username: 'mia' });
    noah = s.addAccount({ username: 'noah' });
    const there = ['ana', 'ben', 'cy', 'dee'].map((u, i) => s.addAccount({ username: u, domain: i === 1 ? 'eu.threads.net' : 'threads.net' }));
    const elsewhere = s.addAccount({ username: 'eve', domain: 'mastodon.social' });
    // mia follows ana, ben (on a subdomain) and cy there, and eve elsewhere; ana and dee follow her: one mutual.
    for (const a of [there[0]!, there[1]!, there[2]!, elsewhere]) s.follow(mia, a);
    s.follow(there[0]!, mia);
    s.follow(there[3]!, mia);
    // noah has nobody there.
    s.follow(noah, elsewhere);
    // A grace period short enough to wait out here: the approval tells the affected members the date of the cut.
    world = await createWorld(3, { mastodon: { url: fake.url, accessToken: fake.tokens.admin, requestTimeout: '20s' }, governance: { autoApply: true, applyGracePeriod: '3s' } });
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
    await fake?.stop();
  });

  it('links two members to their accounts', async () => {
    for (const [member, acct] of [[world.members[0]!, 'mia'], [world.members[1]!, 'noah']] as const) {
      await privateCommand(world, member, world.memberRoom, `!moot link @${acct}`, /^I sent a code/);
      const code = /Your fedimoot code is ([A-Z0-9]{8})/.exec(fake.state.statuses.at(-1)!.text)![1]!;
      expect((await privateCommand(world, member, world.memberRoom, `!moot verify ${code}`, /^Linked/)).answer).toMatch(`Linked: your Matrix account now stands for @${acct} on the instance.`);
    }
  });

  it('answers a linked member in their direct message with exact figures and a CSV Mastodon imports', async () => {
    const m0 = world.members[0]!;
    const asked = await privateCommand(world, m0, world.memberRoom, '!moot impact threads.net mine', /^If threads\.net/);
    expect(asked.pointer).toBe(POINTER_KEPT);
    expect(asked.answer).toBe(
      'If threads.net (with its subdomains) were cut off, @mia would lose: you follow 3 accounts there; 2 accounts there follow you; 1 is a mutual: ana@threads.net.\n\n' +
      "The file lists the 3 accounts you follow there in Mastodon's import format, so you can follow them again later or from another account. To follow them again, import the file in your account's settings (on Mastodon: Preferences › Import and export › Import, type Following list)." +
      KEPT,
    );
    const dm = await joinedDirectRoom(world, m0);
    const answer = (await botEvents(world, m0, dm)).findLast((e) => String(e.content.body).startsWith('If threads.net'))!;
    const file = await fileFor(world, m0, dm, answer.event_id);
    expect(file.content).toMatchObject({ body: 'following-threads.net.csv', filename: 'following-threads.net.csv', info: { mimetype: 'text/csv' } });
    const csv = await fileText(m0, file);
    // Mastodon's import reads a header row naming `Account address` and one account per row (newest follow first).
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header).toBe(HEADER);
    expect(rows).toEqual(['cy@threads.net,true,false,', 'ben@eu.threads.net,true,false,', 'ana@threads.net,true,false,']);
    // The room read only the pointer: no figure, no account.
    const room = (await world.members[2]!.messages(world.memberRoom, { limit: 100 })).map((e) => String(e.content.body ?? ''));
    expect(room.filter((b) => /ana@|mutual|follow 3/.test(b))).toEqual([]);
  });

  it('tells a member without a link how to link', async () => {
    const m2 = world.members[2]!;
    const asked = await privateCommand(world, m2, world.memberRoom, '!moot impact threads.net mine', /linked/);
    expect(asked.answer).toBe(
      'I can only count what a cut of threads.net takes from you once your Matrix account is linked to your account on the instance.\n\n' +
      'Link it with `!moot link @you@your.instance`, then `!moot verify <code>` with the code I send you there.' + KEPT,
    );
  });

  it('a suspend proposal tells the affected linked member once and not the others; an applied lift gives the list back', async () => {
    const [m0, m1] = world.members as [MatrixUser, MatrixUser, MatrixUser];
    const dm0 = await joinedDirectRoom(world, m0);
    const dm1 = await joinedDirectRoom(world, m1);
    const before1 = (await botEvents(world, m1, dm1)).length;
    const opened = await command(m0, world.memberRoom, '!moot propose threads.net suspend');
    expect(opened.content.body).toMatch(/^Proposal 1 .* is open for voting/);
    const notice = await m0.waitForEvent(dm0, textMatching(/^Proposal 1 \(suspend threads\.net\) is open for voting\. If it passes/, world.bot.userId), { timeoutMs: 30_000 });
    expect(String(notice.content.body)).toContain('you follow 3 accounts there; 2 accounts there follow you; 1 is a mutual: ana@threads.net.');
    expect(await fileText(m0, await fileFor(world, m0, dm0, notice.event_id))).toBe(`${HEADER}\ncy@threads.net,true,false,\nben@eu.threads.net,true,false,\nana@threads.net,true,false,\n`);
    await expect.poll(async () => readFile(world.botProcess.logPath, 'utf8'), { timeout: 15_000 }).toContain('sent 1 private notice about what the proposal cuts');
    // noah, linked but with nobody there, was not told.
    expect((await botEvents(world, m1, dm1)).slice(before1).map((e) => String(e.content.body))).toEqual([]);

    expect(await reactionTo(m0, world.memberRoom, '!moot vote 1 yes')).toBe('✅');
    expect((await command(world.staff, world.staffRoom, '!moot close 1')).content.body).toMatch(/: approved — /);
    const approved = await m0.waitForEvent(dm0, textMatching(/^Proposal 1 \(suspend threads\.net\) was approved and will be applied on /, world.bot.userId), { timeoutMs: 30_000 });
    expect(String(approved.content.body)).toMatch(/^Proposal 1 \(suspend threads\.net\) was approved and will be applied on \d{4}-\d\d-\d\d \d\d:\d\d UTC\. Then you lose your connections on threads\.net: you follow 3 accounts there; 2 accounts there follow you; 1 is a mutual: ana@threads\.net\./);
    expect(await fileText(m0, await fileFor(world, m0, dm0, approved.event_id))).toContain('ana@threads.net,true,false,');
    await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 1 .* is now in force/, world.bot.userId), { timeoutMs: 30_000 });
    // The cut severs the follows on a real server; the list comes back from what the bot saved.
    fake.state.follows.length = 0;
    expect((await command(m0, world.memberRoom, '!moot propose threads.net lift')).content.body).toMatch(/^Proposal 2 .* is open for voting/);
    expect(await reactionTo(m0, world.memberRoom, '!moot vote 2 yes')).toBe('✅');
    expect((await command(world.staff, world.staffRoom, '!moot close 2')).content.body).toMatch(/: approved — /);
    const back = await m0.waitForEvent(dm0, textMatching(/^Proposal 2 \(lift threads\.net\) is applied/, world.bot.userId), { timeoutMs: 30_000 });
    expect(String(back.content.body)).toBe(
      'Proposal 2 (lift threads.net) is applied: threads.net is no longer blocked. Before the cut you followed 3 accounts there; the file lists them.\n\n' +
      "To follow them again, import the file in your account's settings (on Mastodon: Preferences › Import and export › Import, type Following list).",
    );
    expect(await fileText(m0, await fileFor(world, m0, dm0, back.event_id))).toBe(`${HEADER}\ncy@threads.net,true,false,\nben@eu.threads.net,true,false,\nana@threads.net,true,false,\n`);
    // One opened notice and one list, however the jobs ran.
    const m0Texts = (await botEvents(world, m0, dm0)).map((e) => String(e.content.body));
    expect(m0Texts.filter((t) => t.startsWith('Proposal 1 (suspend threads.net) is open for voting'))).toHaveLength(1);
    expect(m0Texts.filter((t) => t.startsWith('Proposal 1 (suspend threads.net) was approved'))).toHaveLength(1);
    expect(m0Texts.filter((t) => t.startsWith('Proposal 2 (lift threads.net) is applied'))).toHaveLength(1);
    // Nothing personal in the rooms, the bot's log or the published decision log.
    const log = await readFile(world.botProcess.logPath, 'utf8');
    for (const secret of ['ana@threads.net', 'ben@eu', 'cy@threads', 'mutual']) expect(log).not.toContain(secret);
    const rooms = [...(await world.staff.messages(world.memberRoom, { limit: 200 })), ...(await world.staff.messages(world.staffRoom, { limit: 200 }))];
    expect(rooms.map((e) => String(e.content.body ?? '')).filter((b) => /ana@|cy@threads|mutual|follow 3/.test(b))).toEqual([]);
    const exported = (await run(process.execPath, [BIN, 'export', '--format', 'json', '-c', world.botProcess.configPath])).stdout;
    expect(exported).toContain('threads.net');
    // The proposer is on record (as for every proposal); whom they follow is not.
    for (const secret of ['ana@', 'ben@', 'cy@', 'mutual']) expect(exported).not.toContain(secret);
  });

  it('turns the notices off and on per member', async () => {
    const m1 = world.members[1]!;
    expect((await privateCommand(world, m1, world.memberRoom, '!moot impact notify off', /no longer/)).answer).toBe(
      `I will no longer tell you privately when a proposal would cut a domain where you follow people. Turn it back on with !moot impact notify on.${KEPT}`,
    );
    const wrong = await command(m1, world.memberRoom, '!moot impact notify maybe');
    expect(wrong.content.body).toBe('After notify, write on or off, not "maybe".\n\nUsage: `!moot impact <domain> [mine]` or `!moot impact notify on|off`');
  });
});

describe('personal impact on GoToSocial', () => {
  let world: World | undefined;
  const { alice, bob } = gts.users;
  const api = async (method: string, path: string, token: string, form?: Record<string, string>) => {
    const res = await fetch(`${gts.url}${path}`, { method, headers: { authorization: `Bearer ${token}` }, body: form ? new URLSearchParams(form) : undefined });
    return { status: res.status, link: res.headers.get('link'), body: (await res.json()) as unknown };
  };
  afterEach(async () => {
    await world?.botProcess.stop();
    world = undefined;
    await api('PATCH', '/api/v1/accounts/update_credentials', alice.token, { hide_collections: 'false' });
  });
  // The GoToSocial is shared by every e2e file: leave alice and bob as they were.
  afterAll(async () => {
    await api('POST', `/api/v1/accounts/${bob.accountId}/unfollow`, alice.token);
    await api('PATCH', '/api/v1/accounts/update_credentials', bob.token, { locked: 'true' });
  });

  it('hides a hidden network from the admin token too: 200 [] without a Link header, hide_collections true on the account', async () => {
    await api('PATCH', '/api/v1/accounts/update_credentials', bob.token, { locked: 'false' });
    expect((await api('POST', `/api/v1/accounts/${bob.accountId}/follow`, alice.token)).body).toMatchObject({ following: true });
    const open = await api('GET', `/api/v1/accounts/${alice.accountId}/following?limit=40`, gts.adminToken);
    expect((open.body as { acct: string }[]).map((a) => a.acct)).toContain('bob');
    // GoToSocial links on after a page that is not full: an empty page is the end.
    expect(open.link).toMatch(/rel="next"/);
    expect((await api('PATCH', '/api/v1/accounts/update_credentials', alice.token, { hide_collections: 'true' })).body).toMatchObject({ hide_collections: true });
    for (const which of ['following', 'followers']) {
      expect(await api('GET', `/api/v1/accounts/${alice.accountId}/${which}`, gts.adminToken)).toEqual({ status: 200, link: null, body: [] });
    }
    expect((await api('GET', `/api/v1/accounts/${alice.accountId}`, gts.adminToken)).body).toMatchObject({ hide_collections: true, following_count: expect.any(Number) });
  });

  it('reads a linked member\'s network, and answers a hidden one in words', async () => {
    world = await createWorld(1, { mastodon: { url: gts.url, accessToken: gts.adminToken } });
    await world.botProcess.start();
    const m0 = world.members[0]!;
    await privateCommand(world, m0, world.memberRoom, '!moot link @alice', /^I sent a code/);
    let code: string | undefined;
    for (let i = 0; i < 50 && !code; i++) {
      const notes = (await api('GET', '/api/v1/notifications?types[]=mention&limit=5', alice.token)).body as { status?: { content?: string } }[];
      code = notes.map((n) => /Your fedimoot code is ([A-Z0-9]{8})/.exec(n.status?.content ?? '')?.[1]).find(Boolean);
      if (!code) await sleep(200);
    }
    await privateCommand(world, m0, world.memberRoom, `!moot verify ${code}`, /^Linked/);
    // alice follows bob, a local account: nobody on another domain, read through every page of the real API.
    const none = await privateCommand(world, m0, world.memberRoom, '!moot impact threads.net mine', /^If threads\.net/);
    expect(none.answer).toBe(
      'If threads.net (with its subdomains) were cut off, @alice would lose: you follow 0 accounts there; 0 accounts there follow you; none of them is a mutual.\n\n' +
      'You follow nobody there, so there is no list to keep.' + KEPT,
    );
    await api('PATCH', '/api/v1/accounts/update_credentials', alice.token, { hide_collections: 'true' });
    const hidden = await privateCommand(world, m0, world.memberRoom, '!moot impact threads.net mine', /hides/);
    expect(hidden.answer).toBe(
      "Your account @alice hides whom it follows and who follows it (the setting that hides your follows and followers in your profile's privacy settings), and the instance hides them from me too, so I cannot count what a cut of threads.net would take from you. Turn that setting off for a moment and ask again if you want your figures." +
      KEPT,
    );
  });
});
