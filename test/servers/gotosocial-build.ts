// Builds a pinned GoToSocial from the wrapper module in ./gotosocial/ into a cache folder outside the repo.
// See REFERENCE.md, "Running the real servers locally".
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GOTOSOCIAL_VERSION = 'v0.19.2';
const MODULE = 'code.superseriousbusiness.org/gotosocial';
// The tags of GoToSocial's scripts/build.sh; the default WASM sqlite and ffmpeg (no cgo needed).
const BUILD_TAGS = 'netgo osusergo static_build kvformat timetzdata';
// Release builds set main.Version to the tag without its v (and append +git-<commit>, which -buildvcs=false omits).
const LDFLAGS = `-s -w -X main.Version=${GOTOSOCIAL_VERSION.slice(1)}`;
// go-structr and go-mangler at the versions v0.19.2 pins reach into runtime internals behind `!go1.25` build tags:
// they do not compile with Go 1.25+. The go command fetches this toolchain from the Go module proxy (once, ~75 MB).
const GO_TOOLCHAIN = 'go1.24.13';
const WRAPPER_DIR = fileURLToPath(new URL('./gotosocial/', import.meta.url));

export interface GoToSocialBuild {
  version: string;
  binary: string;
  /** `web/` of the downloaded module: `template/` and `assets/` are inside. */
  webDir: string;
  /** Per-version cache folder; also holds the wazero compilation cache. */
  cacheDir: string;
}

export interface EnsureGoToSocialOptions {
  log?: (line: string) => void;
}

export function defaultLog(line: string): void {
  process.stderr.write(`[gotosocial] ${line}\n`);
}

/** `${FEDIMOOT_CACHE:-~/.cache/fedimoot}/gotosocial-<version>`. */
export function gotosocialCacheDir(): string {
  const root = process.env.FEDIMOOT_CACHE || join(homedir(), '.cache', 'fedimoot');
  return join(root, `gotosocial-${GOTOSOCIAL_VERSION}`);
}

function goEnv(cacheDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOMODCACHE: join(cacheDir, 'gomod'),
    GOCACHE: join(cacheDir, 'gocache'),
    // -modcacherw: the cache folder can be deleted with plain rm -rf.
    GOFLAGS: '-modcacherw -buildvcs=false',
    GOWORK: 'off',
    GOTOOLCHAIN: GO_TOOLCHAIN,
    CGO_ENABLED: '0',
  };
}

async function buildKey(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum']) hash.update(await readFile(join(WRAPPER_DIR, file)));
  hash.update(`${BUILD_TAGS}\n${LDFLAGS}\n${GO_TOOLCHAIN}`);
  return hash.digest('hex').slice(0, 16);
}

/** Builds GoToSocial unless a binary for this version and go.sum is cached. Warm: milliseconds, no `go` needed. */
export async function ensureGoToSocial(options: EnsureGoToSocialOptions = {}): Promise<GoToSocialBuild> {
  const log = options.log ?? defaultLog;
  const cacheDir = gotosocialCacheDir();
  const binary = join(cacheDir, 'bin', `gotosocial-${await buildKey()}`);
  const manifestPath = `${binary}.json`;
  if (existsSync(binary) && existsSync(manifestPath)) {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as GoToSocialBuild;
    if (existsSync(join(manifest.webDir, 'template'))) return manifest;
  }

  const env = goEnv(cacheDir);
  await mkdir(join(cacheDir, 'bin'), { recursive: true });
  const started = Date.now();
  log(`building GoToSocial ${GOTOSOCIAL_VERSION} into ${cacheDir} (a cold build takes several minutes)`);
  const tmp = `${binary}.tmp-${process.pid}`;
  const ticker = setInterval(() => log(`still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    await run(
      'go',
      ['build', '-trimpath', '-tags', BUILD_TAGS, '-ldflags', LDFLAGS, '-o', tmp, `${MODULE}/cmd/gotosocial`],
      env,
      log,
    );
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  } finally {
    clearInterval(ticker);
  }
  const moduleDir = (await run('go', ['list', '-m', '-f', '{{.Dir}}', MODULE], env, log)).trim();
  const build: GoToSocialBuild = { version: GOTOSOCIAL_VERSION, binary, webDir: join(moduleDir, 'web'), cacheDir };
  await rename(tmp, binary);
  await writeFile(manifestPath, JSON.stringify(build, null, 2) + '\n');
  log(`built GoToSocial ${GOTOSOCIAL_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
  return build;
}

/** Runs a go command in the wrapper module; stderr (download/build progress) goes to `log`, stdout is returned. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: WRAPPER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      for (const line of d.toString().split('\n')) if (line.trim()) log(line);
    });
    child.on('error', (err) =>
      reject(new Error(`cannot run ${cmd} (Go >= 1.24 is needed to build GoToSocial): ${err.message}`)),
    );
    child.on('exit', (code) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${stderr.slice(-4000)}`));
    });
  });
}
