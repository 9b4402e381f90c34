// The README's quick start, line by line, in a throwaway sandbox: `npm run sandbox:up`, `npx fedimoot check`, then
// `npm start` in a project copy with no config.yaml (it reuses the running sandbox and the bot answers a printed
// member), the export, the stop of `npm start` (its node must exit too) and `npm run sandbox:down`.
import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../servers/synapse-users.ts';
import { MatrixUser } from './support/matrix-user.ts';
import { command } from './support/world.ts';
import { alive, childPids, runCommand, RunningCommand } from './support/npm-commands.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What the copy leaves out: a developer's own config and sandbox must not be what the test finds. */
const NOT_COPIED = new Set(['config.yaml', '.sandbox', '.git', 'data']);

/** The project as symlinks, so `npm start` runs in a folder that has every file but no config.yaml. */
async function projectCopyWithoutConfig(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'fedimoot-e2e-project-'));
  for (const entry of await readdir(ROOT)) {
    if (!NOT_COPIED.has(entry)) await symlink(join(ROOT, entry), join(copy, entry));
  }
  return copy;
}

function printed(output: string, pattern: RegExp): string {
  const match = pattern.exec(output);
  if (!match?.[1]) throw new Error(`not printed (${pattern}):\n${output}`);
  return match[1];
}

describe('the quick start in a fresh sandbox', () => {
  let sandboxDir: string;
  let copy: string;
  let env: NodeJS.ProcessEnv;
  let upOutput = '';
  let start: RunningCommand | undefined;

  beforeAll(async () => {
    // Its own sandbox folder: a developer's running sandbox is neither reused nor stopped by this test.
    sandboxDir = await mkdtemp(join(tmpdir(), 'fedimoot-e2e-sandbox-'));
    copy = await projectCopyWithoutConfig();
    env = { ...process.env, FEDIMOOT_SANDBOX_DIR: sandboxDir };
    const up = await runCommand('npm', ['run', 'sandbox:up'], ROOT, env, 300_000);
    upOutput = up.stdout;
    expect(up.code, `${up.stdout}\n${up.stderr}`).toBe(0);
  });

  afterAll(async () => {
    if (start && start.child.exitCode === null) start.child.kill('SIGKILL');
    const down = await runCommand('npm', ['run', 'sandbox:down'], ROOT, env);
    expect(down.stdout).toContain('Stopped Synapse');
    if (!process.env.KEEP_E2E_DATA) {
      await rm(sandboxDir, { recursive: true, force: true });
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('sandbox:up prints the logins, the page and the GoToSocial the blocks go to', () => {
    expect(upOutput).toContain('The sandbox is up');
    for (const user of ['alice', 'bob', 'carol', 'dave']) expect(upOutput).toMatch(new RegExp(`\\b${user} +password \\S+`));
    expect(upOutput).toMatch(/Page: +http:\/\/127\.0\.0\.1:\d+\//);
    expect(upOutput).toMatch(/blocks voted here are really applied to this GoToSocial at http:\/\/127\.0\.0\.1:\d+/);
    expect(upOutput).toContain('npm run sandbox:inbox');
  });

  it('npx fedimoot check passes on it', async () => {
    const check = await runCommand('npx', ['fedimoot', 'check', '-c', join(sandboxDir, 'config.yaml')], ROOT, env);
    expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);
    expect(check.stdout).not.toMatch(/^fail/m);
  });

  it('npm start with no config.yaml reuses the sandbox, and the bot answers a printed member', async () => {
    start = new RunningCommand('npm', ['start'], copy, env);
    await start.waitFor('fedimoot is running', 60_000);
    expect(start.stdout).toContain('No config.yaml here, so I start a local sandbox');
    expect(start.stdout).toContain('to config.yaml, fill it in');
    expect(start.stdout).toContain('A sandbox is already running; I reuse it');
    const homeserver = printed(start.stdout, /Homeserver: +(http:\/\/\S+)/);
    const password = printed(start.stdout, /\bbob +password (\S+)/);
    const bob = new MatrixUser(homeserver, await login(homeserver, 'bob', password), password);
    const townHall = await bob.join('#town-hall:localhost');
    const help = await command(bob, townHall, '!moot help');
    expect(help.content.body).toContain('!moot propose');

    const page = printed(start.stdout, /Page: +(http:\/\/\S+)/);
    expect((await fetch(new URL('health', page))).ok).toBe(true);

    // The link code goes to bob's GoToSocial account, where sandbox:inbox reads it.
    // A personal command: the room reads a pointer, the answer is in bob's direct message with the bot.
    const link = await command(bob, townHall, '!moot link @bob');
    expect(link.content.body).toMatch(/^I answered you in our direct message/);
    const inbox = await runCommand('npm', ['run', 'sandbox:inbox', 'bob'], ROOT, env);
    expect(inbox.stdout).toMatch(/Your fedimoot code is [A-Z0-9]{8}/);
  });

  it('npx fedimoot export writes the log beside the running bot', async () => {
    const exported = await runCommand('npx', ['fedimoot', 'export', '--format', 'md', '-c', join(sandboxDir, 'config.yaml')], ROOT, env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^# Federation decisions of /);
  });

  it('stopping npm start stops the bot\'s node too', async () => {
    const running = start!;
    const [bot] = childPids(running.child.pid!);
    expect(bot).toBeDefined();
    running.child.kill('SIGTERM');
    await running.exited;
    for (let i = 0; i < 100 && alive(bot!); i++) await sleep(200);
    expect(alive(bot!), 'the bot outlived npm start').toBe(false);
    expect(running.stderr).toContain('"reason":"SIGTERM","msg":"stopping"');
  });

  it('a killed npm start (no signal forwarded) does not leave the bot running either', async () => {
    start = new RunningCommand('npm', ['start'], copy, env);
    await start.waitFor('fedimoot is running', 60_000);
    const [bot] = childPids(start.child.pid!);
    start.child.kill('SIGKILL');
    await start.exited;
    for (let i = 0; i < 100 && alive(bot!); i++) await sleep(200);
    expect(alive(bot!), 'the bot outlived a killed npm start').toBe(false);
    expect(start.stderr).toContain('"reason":"npm exited","msg":"stopping"');
  });
});
