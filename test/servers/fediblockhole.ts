// FediBlockHole (PyPI `fediblockhole`), the tool many Mastodon admins follow block lists with, pinned in its own
// virtualenv in the test servers' cache, as Synapse is. `fediblock-sync -c <toml>` reads lists from URLs and pushes
// them through the admin API of the instances the config names.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVenv, fedimootCacheDir } from './python-venv.ts';

export const FEDIBLOCKHOLE_VERSION = '0.4.6';
export const FEDIBLOCKHOLE_CONSTRAINTS_FILE = fileURLToPath(new URL('./fediblockhole-constraints.txt', import.meta.url));

export interface FediBlockHoleInstall {
  version: string;
  venvDir: string;
  /** The `fediblock-sync` command of the venv. */
  sync: string;
}

export async function ensureFediBlockHole(log: (line: string) => void = (line) => process.stderr.write(`[fediblockhole] ${line}\n`)): Promise<FediBlockHoleInstall> {
  const venvDir = join(fedimootCacheDir(), `fediblockhole-${FEDIBLOCKHOLE_VERSION}`);
  await ensureVenv({
    name: 'FediBlockHole',
    requirement: 'fediblockhole',
    version: FEDIBLOCKHOLE_VERSION,
    venvDir,
    constraintsFile: FEDIBLOCKHOLE_CONSTRAINTS_FILE,
    check: `from importlib.metadata import version; assert version('fediblockhole') == ${JSON.stringify(FEDIBLOCKHOLE_VERSION)}, version('fediblockhole')`,
    duration: 'some seconds',
    log,
  });
  return { version: FEDIBLOCKHOLE_VERSION, venvDir, sync: join(venvDir, 'bin', 'fediblock-sync') };
}
