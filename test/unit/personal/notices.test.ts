// Private notices about cuts, on the real gateway against the Mastodon contract fake: who is told (linked, affected,
// not opted out, network readable), once; what they read and the file they get; the list back after a lift; and that
// none of it reaches the log, the decision log or any other table.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { noticeFor, personalNoticeHook, sendPersonalNotices } from '../../../bot/personal/notices.ts';
import { JOB_KINDS } from '../../../bot/job-kinds.ts';
import type { DirectMessages } from '../../../bot/pledges/direct.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import type { FileAttachment } from '../../../bot/contracts/personal-impact-ports.ts';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newProposal, tempDir } from '../storage/storage-fixtures.ts';
import { openStore } from '../../../storage/store.ts';
import { decisionLogHook } from '../../../bot/publish/log-writer.ts';
import { clockOver, testDeps } from '../pledges/deps-fixture.ts';
import { setup } from '../mastodon/gateway-fixture.ts';

const M = (n: number) => `@m${n}:example.social`;
const DAY = 86_400_000;

async function world(governance: Record<string, unknown> = {}) {
  const { fake, gateway, config } = await setup();
  const lines: string[] = [];
  const deps = testDeps({
    clock: clockOver(fake.clock),
    instance: gateway,
    mastodon: { url: config.url, accessToken: config.accessToken },
    config: { governance: { autoApply: true, applyGracePeriod: '7d', ...governance } },
  });
  // On a file, so the privacy test can read every table as anyone with the database would.
  const path = join(tempDir(), 'fedimoot.db');
  deps.store.close();
  deps.store = openStore(path, { clock: clockOver(fake.clock) });
  deps.logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }));
  const s = fake.state;
  const there = ['ana', 'ben', 'cy'].map((u, i) => s.addAccount({ username: u, domain: i === 1 ? 'eu.threads.net' : 'threads.net' }));
  const elsewhere = s.addAccount({ username: 'dee', domain: 'mastodon.social' });
  const locals = [0, 1, 2, 3].map((i) => s.addAccount({ username: `local${i}` }));
  locals.forEach((a, i) => deps.store.links.link({ matrixUserId: M(i), acct: a.username, accountId: a.id, verifiedAt: 0 }));
  // m0: follows ana and ben (and dee elsewhere), followed by ana and cy. m1: only elsewhere. m2: opted out. m3: hidden.
  s.follow(locals[0]!, there[0]!);
  s.follow(locals[0]!, there[1]!);
  s.follow(locals[0]!, elsewhere);
  s.follow(there[0]!, locals[0]!);
  s.follow(there[2]!, locals[0]!);
  s.follow(locals[1]!, elsewhere);
  s.follow(locals[2]!, there[0]!);
  deps.store.personal.setNotify(M(2), false);
  s.follow(locals[3]!, there[2]!);
  locals[3]!.hide_collections = true;

  const sent: { user: string; text: string; key: string; file?: FileAttachment }[] = [];
  const dm: DirectMessages = { send: async (user, msg, key, file) => void sent.push({ user, text: renderMessage(msg).body, key, ...(file ? { file } : {}) }) };
  const hook = personalNoticeHook(deps);
  const store = deps.store;
  const decisionLog = decisionLogHook(store);
  async function run(milestone: 'opened' | 'counted' | 'applied', id: number): Promise<void> {
    await decisionLog.on(milestone, id);
    await hook.on(milestone, id);
    for (const job of store.jobs.listForProposal(id).filter((j) => j.kind === 'personal_notice' && j.state === 'pending')) {
      await sendPersonalNotices(deps, dm, id, JOB_KINDS.personal_notice.payload.parse(job.payload).notice);
      store.jobs.cancel(job.id);
    }
  }
  function proposal(action: 'suspend' | 'lift' | 'limit', domain = 'threads.net') {
    const { proposal: p } = store.proposals.create(newProposal({ domain, action, originEventId: `$${action}${Math.random()}` }));
    store.proposals.advance(p.id, { type: 'open' }, { fields: { openedAt: deps.now(), deadlineAt: deps.now() + DAY } });
    return p.id;
  }
  /** Counted approved and applied. */
  function decideAndApply(id: number): void {
    store.proposals.advance(id, { type: 'close' }, { fields: { closedAt: deps.now() } });
    store.proposals.advance(id, { type: 'count', outcome: 'approved' });
    store.proposals.advance(id, { type: 'start_apply' });
    store.proposals.advance(id, { type: 'applied' }, { fields: { appliedAt: deps.now() } });
  }
  return { fake, deps, store, sent, run, proposal, lines, path, decideAndApply };
}

const CSV = 'Account address,Show boosts,Notify on new posts,Languages\nben@eu.threads.net,true,false,\nana@threads.net,true,false,\n';

describe('which milestones call for a notice', () => {
  it('a suspend opening, approved with a grace period, and a lift applied; never a limit', async () => {
    const { deps, store, proposal } = await world();
    const suspend = store.proposals.get(proposal('suspend'))!;
    expect(noticeFor('opened', suspend, deps)).toBe('opened');
    expect(noticeFor('opened', store.proposals.get(proposal('limit', 'x.example'))!, deps)).toBeUndefined();
    expect(noticeFor('counted', { ...suspend, outcome: 'approved' }, deps)).toBe('approved');
    expect(noticeFor('counted', { ...suspend, outcome: 'rejected' }, deps)).toBeUndefined();
    expect(noticeFor('applied', { ...suspend, action: 'lift' }, deps)).toBe('lifted');
    const noGrace = await world({ applyGracePeriod: 0 });
    expect(noticeFor('counted', { ...suspend, outcome: 'approved' }, noGrace.deps)).toBeUndefined();
  });
});

describe('when a suspend opens', () => {
  it('tells the affected linked member once, with their figures and the list of whom they follow there', async () => {
    const { sent, run, proposal, store } = await world();
    const id = proposal('suspend');
    await run('opened', id);
    await run('opened', id);
    expect(sent.map((s) => s.user)).toEqual([M(0)]);
    expect(sent[0]!.text).toBe([
      `Proposal ${id} (suspend threads.net) is open for voting. If it passes, you lose your connections on threads.net (with its subdomains): you follow 2 accounts there; 2 accounts there follow you; 1 is a mutual: ana@threads.net.`,
      "The file lists the 2 accounts you follow there in Mastodon's import format, so you can follow them again later or from another account. To follow them again, import the file in your account's settings (on Mastodon: Preferences › Import and export › Import, type Following list).",
      'I keep this list for you, and send it back if the block is lifted one day.',
      'Only you read this. To get no more of these messages: `!moot impact notify off`.',
    ].join('\n\n'));
    expect(sent[0]!.file).toEqual({ name: 'following-threads.net.csv', mimetype: 'text/csv', text: CSV });
    expect(store.personal.lists()).toMatchObject([{ matrixUserId: M(0), domain: 'threads.net', accounts: ['ben@eu.threads.net', 'ana@threads.net'] }]);
  });

  it('when approved with a grace period, tells them again with the date of the cut', async () => {
    const { sent, run, proposal, store, deps } = await world();
    const id = proposal('suspend');
    await run('opened', id);
    const closedAt = deps.now();
    store.proposals.advance(id, { type: 'close' }, { fields: { closedAt } });
    store.proposals.advance(id, { type: 'count', outcome: 'approved' });
    await run('counted', id);
    await run('counted', id);
    expect(sent).toHaveLength(2);
    const cut = new Date(closedAt + 7 * DAY).toISOString().slice(0, 16).replace('T', ' ');
    expect(sent[1]!.text).toMatch(new RegExp(`^Proposal ${id} \\(suspend threads\\.net\\) was approved and will be applied on ${cut} UTC\\. Then you lose your connections on threads\\.net: you follow 2 accounts there;`));
    expect(sent[1]!.file?.text).toBe(CSV);
  });

  it('after a lift is applied, gives the saved list back once and keeps it no longer', async () => {
    const { sent, run, proposal, store, fake, decideAndApply } = await world();
    const suspend = proposal('suspend');
    await run('opened', suspend);
    decideAndApply(suspend);
    // The cut severed the follows: the list now comes from what was saved.
    fake.state.follows.length = 0;
    const lift = proposal('lift');
    decideAndApply(lift);
    await run('applied', lift);
    await run('applied', lift);
    expect(sent.map((s) => s.user)).toEqual([M(0), M(0)]);
    expect(sent[1]!.text).toBe(
      `Proposal ${lift} (lift threads.net) is applied: threads.net is no longer blocked. Before the cut you followed 2 accounts there; the file lists them.\n\n` +
      "To follow them again, import the file in your account's settings (on Mastodon: Preferences › Import and export › Import, type Following list).",
    );
    expect(sent[1]!.file?.text).toBe(CSV);
    expect(store.personal.lists()).toEqual([]);
  });

  it('tries again when an account could not be read for now, without telling anyone twice', async () => {
    const { sent, deps, proposal, fake } = await world();
    const id = proposal('suspend');
    const dm: DirectMessages = { send: async (user, msg, key, file) => void sent.push({ user, text: renderMessage(msg).body, key, ...(file ? { file } : {}) }) };
    // The first account read (m0's) answers 500 as often as the gateway tries: it gives up, and this run fails.
    fake.faults.next(5, '500', { path: /^\/api\/v1\/accounts\/\d+$/ , method: 'GET' });
    await sendPersonalNotices(deps, dm, id, 'opened').then(() => expect.unreachable(), (error: Error) => {
      expect(error.message).toMatch(/^the follows of 1 linked member could not be read for now; trying again \(0 told\)$/);
    });
    await sendPersonalNotices(deps, dm, id, 'opened');
    expect(sent.map((s) => s.user)).toEqual([M(0)]);
  });

  it('keeps every figure, list and member out of the log, the decision log and every other table', async () => {
    const { run, proposal, lines, store, path, decideAndApply } = await world();
    const id = proposal('suspend');
    await run('opened', id);
    decideAndApply(id);
    await run('counted', id);
    await run('applied', id);
    const lift = proposal('lift');
    decideAndApply(lift);
    await run('counted', lift);
    await run('applied', lift);
    const log = lines.join('');
    expect(log).toContain('sent 1 private notice about what the proposal cuts');
    const SECRETS = ['ana@', 'ben@', 'eu.threads.net', M(0), 'local0', 'mutual'];
    for (const secret of SECRETS) expect(log).not.toContain(secret);
    expect(store.log.list().length).toBeGreaterThan(0);
    const db = new Database(path, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'personal_%'").pluck().all() as string[]);
    const everything = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
    db.close();
    // The link itself names the member's local account; nothing names whom they follow.
    for (const secret of ['ana@', 'ben@', 'eu.threads.net', 'mutual']) expect(everything).not.toContain(secret);
  });
});
