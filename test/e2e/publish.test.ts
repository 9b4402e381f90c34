// The published decision log after a real vote applied on a real GoToSocial: the web page in headless Chromium,
// the JSON verified through the CLI, the CSV, and the Matrix policy room read back by another account.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../servers/server-process.ts';
import { command, createWorld, reactionTo, textMatching, type World } from './support/world.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/fedimoot.js', import.meta.url).pathname;
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const CHROMIUM = '/usr/bin/chromium';
const gts = inject('gotosocial');

describe('the published decision log', () => {
  let world: World;
  let base: string;
  let policyRoom: string;
  let domain: string;

  const decide = async (proposal: string, n: number): Promise<void> => {
    expect((await command(world.members[0]!, world.memberRoom, `!moot propose ${proposal}`)).content.body).toMatch(/ is open\./);
    expect(await reactionTo(world.members[0]!, world.memberRoom, `!moot vote ${n} yes`)).toBe('✅');
    expect((await command(world.staff, world.staffRoom, `!moot close ${n}`)).content.body).toMatch(/: approved — /);
    await world.staff.waitForEvent(world.staffRoom, textMatching(new RegExp(`^Proposal ${n} .* is now in force`), world.bot.userId), { timeoutMs: 30_000 });
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    world = await createWorld(1, {
      mastodon: { url: gts.url, accessToken: gts.adminToken },
      governance: { autoApply: true },
      extra: { publish: { http: { listen: `127.0.0.1:${port}` }, baseUrl: base } },
    });
    policyRoom = await world.staff.createRoom({ name: 'Policy', invite: [world.bot.userId], roomType: 'm.policy' });
    // Policy rules are state events: the bot needs the power to send them there.
    await world.staff.setPowerLevel(policyRoom, world.bot.userId, 50);
    // The config is written at create time; point it at the policy room now that it exists.
    await world.botProcess.setConfig({ matrix: { policyRoom } });
    await world.botProcess.start();
    domain = `published-${world.suffix}.example`;
    await decide(`${domain} suspend --reason "harassment <campaigns>" --private "SECRET-for-staff" --evidence https://public.example/thread`, 1);
  });
  afterAll(async () => {
    await world?.botProcess.stop();
  });

  it('serves a page a browser shows: the decision, its numbers and its vote bar', async () => {
    expect(existsSync(CHROMIUM), `headless tests need Debian's chromium at ${CHROMIUM} (the CI script installs it)`).toBe(true);
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const response = await page.goto(`${base}/`);
      expect(response?.status()).toBe(200);
      const section = page.locator('section#decision-1');
      await expect.poll(() => section.locator('h2').textContent()).toBe(`Proposal 1: Suspend ${domain} — Approved`);
      expect(await section.locator('svg[role="img"]').getAttribute('aria-label')).toBe('yes 1, no 0, abstain 0');
      expect(await section.locator('.votes').textContent()).toBe('Yes 1 · No 0 · Abstain 0 · Spoiled 0');
      expect(await section.textContent()).toContain('harassment <campaigns>');
      expect(await page.content()).not.toContain('SECRET-for-staff');
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}decision-log.png`, fullPage: true });
    } finally {
      await browser?.close();
    }
  });

  it('serves JSON that verify-log finds intact, with ETag revalidation, and CSV with the block', async () => {
    const verified = await run(process.execPath, [BIN, 'verify-log', `${base}/decisions.json`]);
    expect(verified.stdout).toMatch(/^intact: 2 entries; head [0-9a-f]{64}\n$/);
    const first = await fetch(`${base}/decisions.json`);
    const etag = first.headers.get('etag')!;
    expect((await fetch(`${base}/decisions.json`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${base}/decisions.json`, { method: 'POST' })).status).toBe(405);
    const csv = await (await fetch(`${base}/decisions.csv`)).text();
    expect(csv).toBe(`#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n${domain},suspend,false,false,harassment <campaigns>,false\n`);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('publishes the block in the policy room, and a lift empties the rules', async () => {
    const rule = await world.staff.getState(policyRoom, 'm.policy.rule.server', `fedimoot:${domain}`);
    expect(rule).toEqual({ entity: domain, recommendation: 'm.ban', reason: 'harassment <campaigns>' });
    expect(await world.staff.getState(policyRoom, 'm.policy.rule.server', `fedimoot:*.${domain}`)).toMatchObject({ entity: `*.${domain}` });
    await decide(`${domain} lift`, 2);
    await expect.poll(() => world.staff.getState(policyRoom, 'm.policy.rule.server', `fedimoot:${domain}`), { timeout: 15_000 }).toEqual({});
    const verified = await run(process.execPath, [BIN, 'verify-log', `${base}/decisions.json`]);
    expect(verified.stdout).toMatch(/^intact: 4 entries/);
  });
});
