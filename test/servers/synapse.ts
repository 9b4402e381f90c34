// A real Synapse on 127.0.0.1 for tests, the sandbox and benchmarks. See REFERENCE.md, "Running the real servers locally".
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { prepareDataDir, writeOverrides } from './synapse-config.ts';
import { defaultLog, ensureSynapse, type SynapseInstall } from './synapse-install.ts';

export * from './synapse-install.ts';
export * from './synapse-users.ts';

export interface StartSynapseOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /**
   * Default: a new folder under the OS tmp dir (removed by destroy(), kept by stop()). An existing data dir is
   * reused: same database, same secrets.
   */
  dataDir?: string;
  serverName?: 'localhost';
  /** Leave Synapse running after this process exits (for `scripts/synapse.ts start`). */
  detached?: boolean;
  /** Default: `await ensureSynapse()`. */
  install?: SynapseInstall;
  healthTimeoutMs?: number;
  log?: (line: string) => void;
}

/** What another process needs to use, or stop, a running Synapse. */
export interface SynapseInfo {
  url: string;
  serverName: string;
  registrationSharedSecret: string;
  dataDir: string;
  port: number;
  pid: number;
  logFile: string;
}

export interface SynapseHandle extends SynapseInfo {
  stop(): Promise<void>;
  /** Starts the same server again after stop() (same port, data and secret); `pid` changes. No-op if running. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** stop() and delete the data dir. */
  destroy(): Promise<void>;
  info(): SynapseInfo;
}

export async function startSynapse(options: StartSynapseOptions = {}): Promise<SynapseHandle> {
  const log = options.log ?? defaultLog;
  const install = options.install ?? (await ensureSynapse({ log }));
  const serverName = options.serverName ?? 'localhost';
  const dataDir = resolve(options.dataDir ?? (await mkdtemp(join(tmpdir(), 'fedimoot-synapse-'))));
  await mkdir(dataDir, { recursive: true });
  const state = await prepareDataDir(install, dataDir, serverName);
  const port = options.port || (await freePort());
  const configs = await writeOverrides(dataDir, port, state);
  const args = ['-m', 'synapse.app.homeserver', ...configs.flatMap((c) => ['-c', c])];
  const logFile = join(dataDir, 'homeserver.log');
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = options.healthTimeoutMs ?? 60_000;

  let child: ChildProcess | undefined;
  const running = (): boolean => !!child && child.exitCode === null && child.signalCode === null;
  const launch = async (): Promise<void> => {
    if (running()) return;
    child = spawnSynapse(install.python, args, dataDir, logFile, options.detached ?? false);
    try {
      await waitForHealth(url, child, timeoutMs);
    } catch (err) {
      await stopChild(child);
      throw new Error(`${(err as Error).message}\nSynapse log: ${logFile}\n${await logTail(logFile)}`);
    }
  };
  const stop = async (): Promise<void> => {
    if (child) await stopChild(child);
  };
  await launch();
  log(`Synapse ${install.version} up at ${url} (data ${dataDir})`);

  const handle: SynapseHandle = {
    url,
    serverName,
    registrationSharedSecret: state.registrationSharedSecret,
    dataDir,
    port,
    logFile,
    get pid(): number {
      return running() ? (child?.pid ?? -1) : -1;
    },
    stop,
    start: launch,
    async restart() {
      await stop();
      await launch();
    },
    async destroy() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    info() {
      const { url, serverName, registrationSharedSecret, dataDir, port, pid, logFile } = handle;
      return { url, serverName, registrationSharedSecret, dataDir, port, pid, logFile };
    },
  };
  return handle;
}

function spawnSynapse(python: string, args: string[], cwd: string, logFile: string, detached: boolean): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(python, args, { cwd, stdio: ['ignore', fd, fd], detached });
    if (detached) {
      child.unref();
    } else {
      // Do not leave an orphaned homeserver behind if the caller exits without stop().
      const onExit = (): void => void child.kill('SIGTERM');
      process.once('exit', onExit);
      child.once('exit', () => process.removeListener('exit', onExit));
    }
    return child;
  } finally {
    closeSync(fd);
  }
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `exit code ${code}`));
  child.once('error', (err) => (exited = err.message));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Synapse stopped during start-up (${exited})`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok && (await res.text()).trim() === 'OK') return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`Synapse did not answer ${url}/health within ${timeoutMs / 1000} s`);
}

async function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  child.kill('SIGTERM');
  const timer = new AbortController();
  const timedOut = await Promise.race([
    exited.then(() => false),
    sleep(timeoutMs, true, { signal: timer.signal }).catch(() => false),
  ]);
  timer.abort();
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Stops a Synapse by pid, e.g. one started detached by another process. Refuses a pid that is not a Synapse
 * homeserver (the pid may have been reused).
 */
export async function stopSynapseProcess(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const alive = (): boolean => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('synapse.app.homeserver');
    } catch {
      return false;
    }
  };
  if (!alive()) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (alive() && Date.now() < deadline) await sleep(100);
  if (alive()) process.kill(pid, 'SIGKILL');
  while (alive()) await sleep(50);
  return true;
}

async function logTail(logFile: string, lines = 40): Promise<string> {
  try {
    const handle = await open(logFile, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 16_384);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').split('\n').slice(-lines).join('\n');
    } finally {
      await handle.close();
    }
  } catch {
    return '(no log)';
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? res(address.port) : rej(new Error('no port'))));
    });
  });
}
