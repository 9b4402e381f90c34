// Runs the real bot as a child process (`node bin/fedimoot.js run -c …`), as an operator would, so tests can stop it,
// kill it mid-work and start it again on the same database.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = new URL('../../../', import.meta.url).pathname;

export interface BotConfigInput {
  homeserverUrl: string;
  accessToken: string;
  staffRooms: string[];
  memberRooms: string[];
  governance?: Record<string, unknown>;
  mastodon?: Record<string, unknown>;
  matrix?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

export class BotProcess {
  readonly dir: string;
  readonly configPath: string;
  readonly logPath: string;
  private child: ChildProcess | undefined;
  private exitCode: Promise<number | null> = Promise.resolve(null);

  private constructor(dir: string) {
    this.dir = dir;
    this.configPath = join(dir, 'config.yaml');
    this.logPath = join(dir, 'bot.log');
  }

  static async create(input: BotConfigInput): Promise<BotProcess> {
    const bot = new BotProcess(await mkdtemp(join(tmpdir(), 'fedimoot-e2e-bot-')));
    const config = {
      matrix: {
        homeserverUrl: input.homeserverUrl,
        accessToken: input.accessToken,
        staffRooms: input.staffRooms,
        memberRooms: input.memberRooms,
        ...input.matrix,
      },
      ...(input.mastodon ? { mastodon: input.mastodon } : {}),
      governance: {
        votingPeriod: '1h',
        minVotingPeriod: '5s',
        maxVotingPeriod: '2h',
        remindBefore: 0,
        quorum: { minVoters: 1, minTurnoutPercent: 0 },
        ...input.governance,
      },
      storage: { path: join(bot.dir, 'fedimoot.db') },
      log: { level: 'trace' },
      ...input.extra,
    };
    await writeFile(bot.configPath, stringify(config));
    return bot;
  }

  /** Merges `patch` into the config file (one level deep per section), e.g. a room made after create(). */
  async setConfig(patch: Record<string, Record<string, unknown>>): Promise<void> {
    const config = parse(await readFile(this.configPath, 'utf8')) as Record<string, Record<string, unknown>>;
    for (const [section, values] of Object.entries(patch)) config[section] = { ...config[section], ...values };
    await writeFile(this.configPath, stringify(config));
  }

  /** Starts the bot and resolves once it says it is running. */
  async start(timeoutMs = 30_000): Promise<void> {
    const log = createWriteStream(this.logPath, { flags: 'a' });
    const child = spawn(process.execPath, [join(ROOT, 'bin/fedimoot.js'), 'run', '-c', this.configPath], {
      cwd: this.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exitCode = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot not running within ${timeoutMs} ms:\n${output.slice(-3000)}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        log.write(chunk);
        output += chunk.toString();
        if (output.includes('fedimoot is running')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bot exited with ${code} before running:\n${output.slice(-3000)}`));
      });
    });
    await ready;
  }

  /** The running bot's process id (for RSS readings in benchmarks). */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** Graceful stop (SIGTERM); resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    return this.exitCode;
  }

  /** A crash: SIGKILL, no cleanup. */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exitCode;
  }

  async log(): Promise<string> {
    return readFile(this.logPath, 'utf8').catch(() => '');
  }
}
