// Installs a pinned Synapse into a virtualenv in a cache folder outside the repo, reused between runs.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const SYNAPSE_VERSION = '1.163.2';
export const SYNAPSE_CONSTRAINTS_FILE = fileURLToPath(new URL('./synapse-constraints.txt', import.meta.url));

const MARKER = '.fedimoot-install.json';
const LOCK_STALE_MS = 20 * 60_000;

export interface SynapseInstall {
  version: string;
  venvDir: string;
  /** The venv's interpreter: run Synapse as `<python> -m synapse.app.homeserver`. */
  python: string;
}

export interface EnsureSynapseOptions {
  /** Progress lines; default: written to stderr with a `[synapse]` prefix. */
  log?: (line: string) => void;
}

export function fedimootCacheDir(): string {
  return process.env.FEDIMOOT_CACHE || join(homedir(), '.cache', 'fedimoot');
}

export function synapseVenvDir(): string {
  return join(fedimootCacheDir(), `synapse-${SYNAPSE_VERSION}`);
}

export function defaultLog(line: string): void {
  process.stderr.write(`[synapse] ${line}\n`);
}

/** Creates the venv and installs Synapse unless a complete install for this version and constraints exists. */
export async function ensureSynapse(options: EnsureSynapseOptions = {}): Promise<SynapseInstall> {
  const log = options.log ?? defaultLog;
  const venvDir = synapseVenvDir();
  const install: SynapseInstall = { version: SYNAPSE_VERSION, venvDir, python: join(venvDir, 'bin', 'python') };
  const key = await installKey();
  if (await markerMatches(venvDir, key)) return install;

  await mkdir(fedimootCacheDir(), { recursive: true });
  const lockDir = `${venvDir}.lock`;
  await acquireLock(lockDir, log);
  try {
    // Another process may have finished the install while we waited for the lock.
    if (await markerMatches(venvDir, key)) return install;
    const started = Date.now();
    log(`installing matrix-synapse ${SYNAPSE_VERSION} into ${venvDir} (cold install, about a minute)`);
    await rm(venvDir, { recursive: true, force: true });
    const basePython = process.env.FEDIMOOT_PYTHON || 'python3';
    await run(basePython, ['-c', 'import sys; assert sys.version_info >= (3, 10), sys.version'], log, 'python3 >= 3.10');
    await run(basePython, ['-m', 'venv', venvDir], log, 'create the virtualenv');
    await run(
      install.python,
      [
        '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off',
        '--constraint', SYNAPSE_CONSTRAINTS_FILE, `matrix-synapse==${SYNAPSE_VERSION}`,
      ],
      log,
      'pip install matrix-synapse',
    );
    await run(
      install.python,
      ['-c', `import synapse; assert synapse.__version__ == ${JSON.stringify(SYNAPSE_VERSION)}, synapse.__version__`],
      log,
      'import the installed synapse',
    );
    await writeFile(join(venvDir, MARKER), JSON.stringify(key, null, 2) + '\n');
    log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return install;
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

interface InstallKey {
  version: string;
  constraintsSha256: string;
}

async function installKey(): Promise<InstallKey> {
  const constraints = await readFile(SYNAPSE_CONSTRAINTS_FILE);
  return { version: SYNAPSE_VERSION, constraintsSha256: createHash('sha256').update(constraints).digest('hex') };
}

async function markerMatches(venvDir: string, key: InstallKey): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(join(venvDir, MARKER), 'utf8')) as Partial<InstallKey>;
    return (
      marker.version === key.version &&
      marker.constraintsSha256 === key.constraintsSha256 &&
      existsSync(join(venvDir, 'bin', 'python'))
    );
  } catch {
    return false;
  }
}

/** mkdir is atomic: whoever creates the directory holds the lock. A lock older than LOCK_STALE_MS is broken. */
async function acquireLock(lockDir: string, log: (line: string) => void): Promise<void> {
  let told = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const age = await stat(lockDir).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > LOCK_STALE_MS) {
      log(`removing stale install lock ${lockDir}`);
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!told) log(`waiting for another process installing Synapse (lock ${lockDir})`);
    told = true;
    await sleep(1000);
  }
}

/** Runs a command, streaming its output as progress lines; rejects with the output's tail on failure. */
function run(command: string, args: string[], log: (line: string) => void, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (!/^\s*(Requirement already satisfied|Using cached|Downloading|Obtaining)/.test(line)) log(`  ${line}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => reject(new Error(`${what}: cannot run ${command}: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ?? `exit ${code}`}): ${command} ${args.join(' ')}\n${tail.join('\n')}`));
    });
  });
}
