// A pinned Python package in its own virtualenv in the cache folder (FEDIMOOT_CACHE, default ~/.cache/fedimoot),
// installed once from PyPI with every dependency pinned by a constraints file and reused between runs; a lock folder
// keeps two processes from installing at once. Synapse and FediBlockHole are installed this way.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const MARKER = '.fedimoot-install.json';
const LOCK_STALE_MS = 20 * 60_000;

export function fedimootCacheDir(): string {
  return process.env.FEDIMOOT_CACHE || join(homedir(), '.cache', 'fedimoot');
}

export interface VenvSpec {
  /** What the log lines call it, e.g. `Synapse`. */
  name: string;
  /** The PyPI requirement, e.g. `matrix-synapse`; installed as `<requirement>==<version>`. */
  requirement: string;
  version: string;
  venvDir: string;
  constraintsFile: string;
  /** Python code that fails unless the installed package is the pinned version. */
  check: string;
  /** How long a cold install takes, for the first log line. */
  duration: string;
  log: (line: string) => void;
}

/** Creates the venv and installs the package unless a complete install for this version and constraints exists. */
export async function ensureVenv(spec: VenvSpec): Promise<{ python: string }> {
  const { venvDir, log } = spec;
  const python = join(venvDir, 'bin', 'python');
  const key = await installKey(spec);
  if (await markerMatches(venvDir, key)) return { python };

  await mkdir(fedimootCacheDir(), { recursive: true });
  const lockDir = `${venvDir}.lock`;
  await acquireLock(lockDir, spec.name, log);
  try {
    // Another process may have finished the install while we waited for the lock.
    if (await markerMatches(venvDir, key)) return { python };
    const started = Date.now();
    log(`installing ${spec.requirement} ${spec.version} into ${venvDir} (cold install, ${spec.duration})`);
    await rm(venvDir, { recursive: true, force: true });
    const basePython = process.env.FEDIMOOT_PYTHON || 'python3';
    await run(basePython, ['-c', 'import sys; assert sys.version_info >= (3, 10), sys.version'], log, 'python3 >= 3.10');
    await run(basePython, ['-m', 'venv', venvDir], log, 'create the virtualenv');
    await run(
      python,
      [
        '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off',
        '--constraint', spec.constraintsFile, `${spec.requirement}==${spec.version}`,
      ],
      log,
      `pip install ${spec.requirement}`,
    );
    await run(python, ['-c', spec.check], log, `import the installed ${spec.requirement}`);
    await writeFile(join(venvDir, MARKER), JSON.stringify(key, null, 2) + '\n');
    log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { python };
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

interface InstallKey {
  version: string;
  constraintsSha256: string;
}

async function installKey(spec: VenvSpec): Promise<InstallKey> {
  const constraints = await readFile(spec.constraintsFile);
  return { version: spec.version, constraintsSha256: createHash('sha256').update(constraints).digest('hex') };
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
async function acquireLock(lockDir: string, name: string, log: (line: string) => void): Promise<void> {
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
    if (!told) log(`waiting for another process installing ${name} (lock ${lockDir})`);
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
