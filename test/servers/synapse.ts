// A real Synapse on 127.0.0.1 for tests, the sandbox and benchmarks. See REFERENCE.md, "Running the real servers locally".
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, logTail, spawnLogged, stopChild, stopProcessByPid, waitForHttp } from './server-process.ts';
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
  /** Top-level settings laid over our overrides (the bench's scale section turns off work it does not measure). */
  extraConfig?: Record<string, unknown>;
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
  const configs = await writeOverrides(dataDir, port, state, options.extraConfig);
  const args = ['-m', 'synapse.app.homeserver', ...configs.flatMap((c) => ['-c', c])];
  const logFile = join(dataDir, 'homeserver.log');
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = options.healthTimeoutMs ?? 60_000;

  let child: ChildProcess | undefined;
  const running = (): boolean => !!child && child.exitCode === null && child.signalCode === null;
  const launch = async (): Promise<void> => {
    if (running()) return;
    child = spawnLogged(install.python, args, { cwd: dataDir }, logFile, options.detached ?? false);
    try {
      await waitForHttp('Synapse', `${url}/health`, child, timeoutMs, async (res) => res.ok && (await res.text()).trim() === 'OK', 150);
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

/**
 * Stops a Synapse by pid, e.g. one started detached by another process. Refuses a pid that is not a Synapse
 * homeserver (the pid may have been reused).
 */
export function stopSynapseProcess(pid: number, timeoutMs = 10_000): Promise<boolean> {
  return stopProcessByPid(pid, (cmdline) => cmdline.includes('synapse.app.homeserver'), timeoutMs);
}
