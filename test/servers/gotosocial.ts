// A real GoToSocial on 127.0.0.1 for tests, the sandbox and benchmarks. See REFERENCE.md, "Running the real servers
// locally" and "GoToSocial differences".
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultLog, ensureGoToSocial, type GoToSocialBuild } from './gotosocial-build.ts';
import { DEFAULT_SCOPES, obtainAccessToken } from './gotosocial-oauth.ts';
import { freePort, logTail, spawnLogged, stopChild, stopProcessByPid, waitExit, waitForHttp } from './server-process.ts';

export * from './gotosocial-build.ts';
export { obtainAccessToken } from './gotosocial-oauth.ts';

/** Stops a GoToSocial by pid, e.g. one started detached by another process; refuses a pid that is not GoToSocial. */
export function stopGoToSocialProcess(pid: number, timeoutMs = 15_000): Promise<boolean> {
  return stopProcessByPid(pid, (cmdline) => cmdline.includes('gotosocial') && cmdline.includes('server'), timeoutMs);
}

export interface StartGoToSocialOptions {
  /** 0 or undefined: a free port (or the one an existing data dir was made with: the host must not change). */
  port?: number;
  /** Default: a new folder under the OS tmp dir, removed by stop(). An existing data dir is reused. */
  dataDir?: string;
  /** Leave GoToSocial running after this process exits (for `scripts/gotosocial.ts start`). */
  detached?: boolean;
  /** Default: `await ensureGoToSocial()`. */
  build?: GoToSocialBuild;
  /** Non-admin users to create at start; see `GoToSocialHandle.users`. */
  users?: string[];
  readyTimeoutMs?: number;
  log?: (line: string) => void;
  /**
   * More config keys, over the defaults. E.g. `{'http-client': {'allow-ips': ['127.0.0.1/32']}}` lets this GoToSocial
   * fetch from 127.0.0.1 (its client refuses loopback otherwise), for a subscription to a feed served by a test.
   */
  config?: Record<string, unknown>;
}

export interface GoToSocialUser {
  username: string;
  /** Local accounts' acct is the bare username. */
  acct: string;
  accountId: string;
  email: string;
  password: string;
  /** Scopes `read write admin` (also for non-admins, so a 403 means "not an admin", not "wrong scope"). */
  token: string;
  admin: boolean;
}

/** What another process needs to use, or stop, a running GoToSocial. */
export interface GoToSocialInfo {
  url: string;
  /** GoToSocial's `host` setting, `127.0.0.1:<port>`. */
  host: string;
  port: number;
  pid: number;
  dataDir: string;
  logFile: string;
  adminToken: string;
  adminAccount: GoToSocialUser;
  /** Users made by `options.users` or `createUser`, by username. */
  users: Record<string, GoToSocialUser>;
}

export interface GoToSocialHandle extends GoToSocialInfo {
  stop(): Promise<void>;
  /** Stops and starts the same server (same port and data); `pid` changes. */
  restart(): Promise<void>;
  /** Creates a confirmed, approved local user (an admin if asked) through the CLI and signs it in. No restart. */
  createUser(username: string, options?: { admin?: boolean }): Promise<GoToSocialUser>;
  info(): GoToSocialInfo;
}

interface DataDirState {
  port: number;
  /** The admin and every user made so far, with their passwords and last tokens. */
  users: Record<string, GoToSocialUser>;
}

type Draft = Omit<GoToSocialUser, 'accountId' | 'token'>;

const STATE_FILE = 'fedimoot-gotosocial.json';
const ADMIN_USERNAME = 'admin';

export async function startGoToSocial(options: StartGoToSocialOptions = {}): Promise<GoToSocialHandle> {
  const log = options.log ?? defaultLog;
  const build = options.build ?? (await ensureGoToSocial({ log }));
  const ownDataDir = !options.dataDir;
  const dataDir = resolve(options.dataDir ?? (await mkdtemp(join(tmpdir(), 'fedimoot-gotosocial-'))));
  await mkdir(join(dataDir, 'storage'), { recursive: true });
  const statePath = join(dataDir, STATE_FILE);
  const state: DataDirState = existsSync(statePath)
    ? (JSON.parse(await readFile(statePath, 'utf8')) as DataDirState)
    : { port: options.port || (await freePort()), users: {} };
  if (options.port && options.port !== state.port) {
    throw new Error(`${dataDir} holds a GoToSocial for port ${state.port}; its host cannot change to port ${options.port}`);
  }
  const saveState = (): Promise<void> => writeFile(statePath, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  await saveState();

  const { port } = state;
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const logFile = join(dataDir, 'gotosocial.log');
  const configPath = await writeConfig(dataDir, build, port, options.config);
  const env = { ...process.env, GTS_WAZERO_COMPILATION_CACHE: join(build.cacheDir, 'wazero') };
  const cli = async (...args: string[]): Promise<void> => {
    const code = await waitExit(spawnLogged(build.binary, ['--config-path', configPath, ...args], { env }, logFile, false));
    if (code !== 0) throw new Error(`gotosocial ${args.join(' ')} failed (exit ${code})\n${await logTail(logFile)}`);
  };
  const createAccount = async (username: string, admin: boolean): Promise<Draft> => {
    const email = `${username}@fedimoot.test`;
    const password = `Fm-${randomBytes(18).toString('base64url')}-9z`;
    // The CLI marks the email confirmed and the account approved; no `confirm` step is needed.
    await cli('admin', 'account', 'create', '--username', username, '--email', email, '--password', password);
    if (admin) await cli('admin', 'account', 'promote', '--username', username);
    return { username, acct: username, email, password, admin };
  };
  const signIn = async (user: Draft): Promise<GoToSocialUser> => {
    const token = await obtainAccessToken(url, user.email, user.password, DEFAULT_SCOPES);
    const res = await fetch(`${url}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`verify_credentials for ${user.username}: ${res.status} ${await res.text()}`);
    const account = (await res.json()) as { id: string };
    return { ...user, accountId: account.id, token };
  };

  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const started = Date.now();
    child = spawnLogged(build.binary, ['--config-path', configPath, 'server', 'start'], { env }, logFile, options.detached ?? false);
    try {
      await waitForHttp('GoToSocial', `${url}/api/v1/instance`, child, options.readyTimeoutMs ?? 120_000, async (res) => {
        await res.arrayBuffer(); // releases the connection (and its gzip stream)
        return res.ok;
      });
    } catch (err) {
      await stopChild(child);
      throw new Error(`${(err as Error).message}\nGoToSocial log: ${logFile}\n${await logTail(logFile)}`);
    }
    log(`GoToSocial ${build.version} up at ${url} in ${Date.now() - started} ms (data ${dataDir})`);
  };
  const stop = async (): Promise<void> => {
    if (child) await stopChild(child);
  };

  await launch();
  try {
    // The CLI refuses to create users before the server has run once. A promotion made while the server runs
    // counts only after a restart for a user the server has already loaded (it caches users); these are new.
    // In parallel: each CLI run spends ~1.5 s compiling the WASM sqlite; sqlite's busy timeout serialises writes.
    const missing = [ADMIN_USERNAME, ...(options.users ?? [])].filter((name) => !state.users[name]);
    const drafts = await Promise.all(missing.map((name) => createAccount(name, name === ADMIN_USERNAME)));
    for (const user of await Promise.all(drafts.map(signIn))) state.users[user.username] = user;
    for (const user of Object.values(state.users)) {
      if (!(await tokenWorks(url, user.token))) state.users[user.username] = await signIn(user);
    }
    await saveState();
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\nGoToSocial log: ${logFile}\n${await logTail(logFile)}`);
  }
  const admin = state.users[ADMIN_USERNAME]!;
  const users = Object.fromEntries(Object.entries(state.users).filter(([name]) => name !== ADMIN_USERNAME));

  const handle: GoToSocialHandle = {
    url,
    host,
    port,
    dataDir,
    logFile,
    adminToken: admin.token,
    adminAccount: admin,
    users,
    get pid(): number {
      return child?.pid ?? -1;
    },
    async stop() {
      await stop();
      if (ownDataDir && !process.env.FEDIMOOT_KEEP_DATA) await rm(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await launch();
    },
    async createUser(username, userOptions = {}) {
      const admin = userOptions.admin ?? false;
      const draft = await createAccount(username, admin);
      const user = await signIn(draft);
      users[username] = state.users[username] = user;
      await saveState();
      return user;
    },
    info() {
      const { url, host, port, pid, dataDir, logFile, adminToken, adminAccount, users } = handle;
      return { url, host, port, pid, dataDir, logFile, adminToken, adminAccount, users };
    },
  };
  return handle;
}

/** The config file; JSON is YAML. Rewritten on each start (the web dir moves if the cache folder does). */
async function writeConfig(dataDir: string, build: GoToSocialBuild, port: number, extra: Record<string, unknown> = {}): Promise<string> {
  const config = {
    'log-level': 'info',
    'log-client-ip': false,
    host: `127.0.0.1:${port}`,
    'bind-address': '127.0.0.1',
    port,
    protocol: 'http',
    'db-type': 'sqlite',
    'db-address': join(dataDir, 'sqlite.db'),
    'storage-backend': 'local',
    'storage-local-base-path': join(dataDir, 'storage'),
    'web-template-base-dir': join(build.webDir, 'template') + '/',
    'web-asset-base-dir': join(build.webDir, 'assets') + '/',
    'letsencrypt-enabled': false,
    'accounts-registration-open': false,
    // Public block list (`GET /api/v1/instance/domain_blocks`) and peers, as instances that publish them have.
    'instance-expose-suspended': true,
    'instance-expose-suspended-web': true,
    'instance-expose-peers': true,
    'advanced-rate-limit-requests': 0,
    'advanced-throttling-multiplier': 0,
    'media-ffmpeg-pool-size': 1,
    ...extra,
  };
  const path = join(dataDir, 'config.yaml');
  await writeFile(path, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  return path;
}

async function tokenWorks(url: string, token: string): Promise<boolean> {
  const res = await fetch(`${url}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.ok;
}
