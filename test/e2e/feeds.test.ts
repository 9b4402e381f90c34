// The feeds other servers follow, read by the real followers: a real GoToSocial subscribed to the bot's feed (its
// `/test` dry run, its scheduled conditional fetch answered 304), and the real FediBlockHole pushing the bot's CSV and
// JSON to a Mastodon (the contract fake). The log: four blocks recorded by `fedimoot import` from the instance (two
// suspensions, a limit rejecting media, an obfuscated suspension), then one suspension lifted by a vote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startMastodonFake, type MastodonFake } from '../fakes/mastodon/index.ts';
import { ensureFediBlockHole } from '../servers/fediblockhole.ts';
import { startGoToSocial, type GoToSocialHandle } from '../servers/gotosocial.ts';
import { freePort } from '../servers/server-process.ts';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/fedimoot.js', import.meta.url).pathname;

interface LogEntry { kind: string; number: number; domain: string; domainDigest: string; outcome: string; action: string; obfuscated: boolean; rejectMedia: boolean }

/** What docs/LOG-FORMAT.md says is in force and public, folded here independently of the bot. */
async function publicBlocks(base: string): Promise<LogEntry[]> {
  const { entries } = (await (await fetch(`${base}/decisions.json`)).json()) as { entries: LogEntry[] };
  const decisions = new Map(entries.filter((e) => e.kind === 'decision').map((e) => [e.number, e]));
  const latest = new Map<string, LogEntry>();
  for (const e of entries) {
    const d = e.kind === 'applied' ? decisions.get(e.number) : undefined;
    if (d?.outcome === 'approved') latest.set(d.domainDigest, d);
  }
  return [...latest.values()].filter((d) => d.action !== 'lift' && !d.obfuscated).sort((a, b) => (a.domain < b.domain ? -1 : 1));
}

interface Request { msg: string; path: string; status: number; ifNoneMatch?: string; ifModifiedSince?: string; userAgent?: string }

describe('feeds followed by GoToSocial and FediBlockHole', () => {
  let fake: MastodonFake;
  let world: World;
  let follower: GoToSocialHandle;
  let base: string;
  let kept: string, lifted: string, limited: string, hidden: string;

  const requests = async (path: string): Promise<Request[]> =>
    (await world.botProcess.log()).split('\n').filter((l) => l.includes('"publish.http request"')).map((l) => JSON.parse(l) as Request).filter((r) => r.path === path);
  const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${follower.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${follower.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBe(200);
    return JSON.parse(text) as unknown;
  };
  const subscribe = async (path: string, contentType: string): Promise<string> =>
    ((await admin('POST', '/api/v1/admin/domain_permission_subscriptions', { permission_type: 'block', uri: `${base}${path}`, content_type: contentType, title: path, as_draft: true })) as { id: string }).id;
  const drafts = async (): Promise<string[]> =>
    ((await admin('GET', '/api/v1/admin/domain_permission_drafts')) as { domain: string }[]).map((d) => d.domain).sort();
  const dryRun = async (id: string): Promise<string[]> => {
    const answer = await admin('POST', `/api/v1/admin/domain_permission_subscriptions/${id}/test`);
    expect(Array.isArray(answer), JSON.stringify(answer)).toBe(true);
    return (answer as { domain: string }[]).map((p) => p.domain).sort();
  };

  beforeAll(async () => {
    fake = await startMastodonFake({ rateLimit: false });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    world = await createWorld(1, {
      mastodon: { url: fake.url, accessToken: fake.tokens['admin'] },
      governance: { autoApply: true },
      extra: { publish: { http: { listen: `127.0.0.1:${port}` }, baseUrl: base } },
    });
    [kept, lifted, limited, hidden] = ['kept', 'lifted', 'limited', 'hidden'].map((name) => `${name}-${world.suffix}.example`) as [string, string, string, string];
    fake.state.addBlock({ domain: kept, severity: 'suspend', public_comment: 'spam waves, "daily"' });
    fake.state.addBlock({ domain: lifted, severity: 'suspend', public_comment: 'harassment' });
    fake.state.addBlock({ domain: limited, severity: 'silence', reject_media: true, public_comment: 'unmoderated media' });
    fake.state.addBlock({ domain: hidden, severity: 'suspend', obfuscate: true, public_comment: 'not for the public' });
    expect((await run(process.execPath, [BIN, 'import', '-c', world.botProcess.configPath])).stdout).toMatch(/4/);
    // A follower that may fetch from 127.0.0.1 and runs its subscriptions every few seconds, not once a day.
    [follower] = await Promise.all([
      startGoToSocial({ config: { 'http-client': { 'allow-ips': ['127.0.0.1/32'] }, 'instance-subscriptions-process-from': '00:00', 'instance-subscriptions-process-every': '3s' } }),
      world.botProcess.start(),
    ]);
  });
  afterAll(async () => {
    await world?.botProcess.stop();
    await follower?.stop();
    await fake?.stop();
  });

  describe('GoToSocial 0.19.2, subscribed to /gotosocial.csv', () => {
    let subscription: string;

    it('parses exactly the suspended public domains of the log in its dry run (/test), which sends no validators', async () => {
      const inForce = await publicBlocks(base);
      expect(inForce.map((d) => `${d.domain} ${d.action}`)).toEqual([`${kept} suspend`, `${lifted} suspend`, `${limited} limit`]);
      subscription = await subscribe('/gotosocial.csv', 'text/csv');
      expect(await dryRun(subscription)).toEqual(inForce.filter((d) => d.action === 'suspend').map((d) => d.domain));
      // Fact: the dry run skips GoToSocial's cache headers, so a /test always gets the whole list.
      // (The bot's log reaches its file a moment after the answer.)
      await expect.poll(async () => (await requests('/gotosocial.csv')).length, { timeout: 10_000 }).toBeGreaterThan(0);
      const tests = await requests('/gotosocial.csv');
      expect(tests.every((r) => r.ifNoneMatch === undefined && /gotosocial/i.test(r.userAgent ?? ''))).toBe(true);
      // Its scheduled fetch makes a draft block per domain (as_draft), which staff accept in GoToSocial.
      await expect.poll(drafts, { timeout: 30_000, interval: 1000 }).toEqual([kept, lifted]);
    });

    it('no longer has a domain after its block is lifted by a vote', async () => {
      const member = world.members[0]!;
      expect((await command(member, world.memberRoom, `!moot propose ${lifted} lift`)).content.body).toMatch(/^Proposal 5 .* is open for voting/);
      expect(await reactionTo(member, world.memberRoom, '!moot vote 5 yes')).toBe('✅');
      expect((await command(world.staff, world.staffRoom, '!moot close 5')).content.body).toMatch(/: approved — /);
      await world.staff.waitForEvent(world.staffRoom, textMatching(/^Proposal 5 .* is now in force/, world.bot.userId), { timeoutMs: 30_000 });
      expect(fake.state.blocks.map((b) => b.domain)).not.toContain(lifted);
      expect(await dryRun(subscription)).toEqual([kept]);
    });

    it('revalidates on its scheduled fetch with the ETag and Last-Modified it was given, and gets 304', async () => {
      const current = await fetch(`${base}/gotosocial.csv`);
      const etag = current.headers.get('etag')!;
      // Fact: the scheduled (wet) fetch sends If-None-Match with the stored ETag, and If-Modified-Since.
      await expect.poll(async () => (await requests('/gotosocial.csv')).some((r) => r.status === 304 && r.ifNoneMatch === etag), { timeout: 30_000, interval: 1000 }).toBe(true);
      const revalidated = (await requests('/gotosocial.csv')).find((r) => r.status === 304 && r.ifNoneMatch === etag)!;
      expect(revalidated.ifModifiedSince).toBe(current.headers.get('last-modified'));
      expect(revalidated.userAgent).toMatch(/gotosocial/i);
      const state = (await admin('GET', `/api/v1/admin/domain_permission_subscriptions/${subscription}`)) as { successfully_fetched_at?: string; error?: string };
      expect(state.error).toBeUndefined();
      expect(state.successfully_fetched_at).toBeDefined();
      // Fact: a domain that left the feed keeps what the subscription made of it (0.19.2 has no "remove retracted").
      expect(await drafts()).toEqual([kept, lifted]);
      // Fact: with an ETag stored, a dry run still sends none, and gets the whole list again.
      const before = (await requests('/gotosocial.csv')).length;
      expect(await dryRun(subscription)).toEqual([kept]);
      await expect.poll(async () => (await requests('/gotosocial.csv')).slice(before).some((r) => r.status === 200 && r.ifNoneMatch === undefined && r.ifModifiedSince === undefined), { timeout: 10_000 }).toBe(true);
    });

    it('reads the plain list as suspensions too, and the Mastodon JSON as blocks whatever their severity (so GoToSocial is pointed at the CSV)', async () => {
      expect(await dryRun(await subscribe('/suspended.txt', 'text/plain'))).toEqual([kept]);
      // Fact: from Mastodon's CSV it keeps the suspend rows only; the limit's `silence` row is skipped.
      expect(await dryRun(await subscribe('/decisions.csv', 'text/csv'))).toEqual([kept]);
      // Fact: GoToSocial's JSON reader ignores `severity`: the limited domain would be suspended.
      expect(await dryRun(await subscribe('/domain_blocks.json', 'application/json'))).toEqual([kept, limited]);
    });
  });

  describe('FediBlockHole, reading the bot\'s lists', () => {
    const sync = async (source: string, format: string): Promise<MastodonFake> => {
      const destination = await startMastodonFake({ rateLimit: false });
      const toml = join(world.botProcess.dir, `fediblockhole-${format}.toml`);
      const host = new URL(destination.url).host;
      await writeFile(toml, [
        `blocklist_url_sources = [ { url = "${base}${source}", format = "${format}" } ]`,
        `blocklist_instance_destinations = [ { domain = "${host}", token = "${destination.tokens['admin']}", scheme = "http" } ]`,
        'import_fields = ["public_comment", "reject_media", "reject_reports"]',
        'save_intermediate = false',
        '',
      ].join('\n'));
      const { sync: fediblockSync } = await ensureFediBlockHole();
      await run(fediblockSync, ['-c', toml, '--loglevel', 'warning'], { timeout: 60_000 });
      return destination;
    };
    const pushed = (fakeInstance: MastodonFake) =>
      fakeInstance.state.blocks.map((b) => ({ domain: b.domain, severity: b.severity, reject_media: b.reject_media, public_comment: b.public_comment })).sort((a, b) => (a.domain < b.domain ? -1 : 1));

    it('pushes the CSV\'s blocks to a Mastodon with the severities, flags and reasons of the log', async () => {
      const destination = await sync('/decisions.csv', 'mastodon_csv');
      try {
        const inForce = await publicBlocks(base);
        expect(pushed(destination)).toEqual([
          { domain: kept, severity: 'suspend', reject_media: false, public_comment: 'spam waves, "daily"' },
          { domain: limited, severity: 'silence', reject_media: true, public_comment: 'unmoderated media' },
        ]);
        expect(pushed(destination).map((b) => `${b.domain} ${b.severity}`)).toEqual(inForce.map((d) => `${d.domain} ${d.action === 'limit' ? 'silence' : 'suspend'}`));
        expect(destination.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/admin/domain_blocks').map((r) => r.status)).toEqual([200, 200]);
      } finally {
        await destination.stop();
      }
    });

    it('pushes the Mastodon-shaped JSON\'s blocks with the severities and reasons of the log', async () => {
      const destination = await sync('/domain_blocks.json', 'mastodon_api_public');
      try {
        expect(pushed(destination)).toEqual([
          { domain: kept, severity: 'suspend', reject_media: false, public_comment: 'spam waves, "daily"' },
          { domain: limited, severity: 'silence', reject_media: false, public_comment: 'unmoderated media' },
        ]);
      } finally {
        await destination.stop();
      }
    });
  });
});
