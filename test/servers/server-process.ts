// Process plumbing shared by the test servers (Synapse, GoToSocial): spawning with a log file, waiting until a URL
// answers, stopping, log tails and free ports.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export function spawnLogged(
  binary: string,
  args: string[],
  where: { env?: NodeJS.ProcessEnv; cwd?: string },
  logFile: string,
  detached: boolean,
): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(binary, args, { env: where.env, cwd: where.cwd, stdio: ['ignore', fd, fd], detached });
    if (detached) {
      child.unref();
    } else {
      // Do not leave an orphaned server behind if the caller exits without stop().
      const onExit = (): void => void child.kill('SIGTERM');
      process.once('exit', onExit);
      child.once('exit', () => process.removeListener('exit', onExit));
    }
    return child;
  } finally {
    closeSync(fd);
  }
}

export function waitExit(child: ChildProcess): Promise<number | null> {
  return new Promise((res, rej) => {
    child.once('error', rej);
    child.once('exit', (code) => res(code));
  });
}

/** Polls `url` until `ready(response)` says yes; fails early, naming `name`, if the child exits first. */
export async function waitForHttp(
  name: string,
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  ready: (res: Response) => Promise<boolean>,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `exit code ${code}`));
  child.once('error', (err) => (exited = err.message));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} stopped during start-up (${exited})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (await ready(res)) return;
    } catch {
      // not listening yet
    }
    await sleep(intervalMs);
  }
  throw new Error(`${name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

export async function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  // A plain timer, cleared at exit: a pending sleep() would keep the caller (e.g. vitest) alive for timeoutMs.
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(timer);
}

/**
 * Stops a server by pid, e.g. one started detached by another process. Refuses a pid whose command line does not
 * look like that server (`isServer`), since the pid may have been reused.
 */
export async function stopProcessByPid(
  pid: number,
  isServer: (cmdline: string) => boolean,
  timeoutMs = 15_000,
): Promise<boolean> {
  const alive = (): boolean => {
    try {
      return isServer(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
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

export async function logTail(logFile: string, lines = 40): Promise<string> {
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

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? res(address.port) : rej(new Error('no port'))));
    });
  });
}
