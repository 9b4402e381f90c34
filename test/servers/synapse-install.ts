// Installs a pinned Synapse into a virtualenv in a cache folder outside the repo, reused between runs.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVenv, fedimootCacheDir } from './python-venv.ts';

export { fedimootCacheDir } from './python-venv.ts';

export const SYNAPSE_VERSION = '1.163.2';
export const SYNAPSE_CONSTRAINTS_FILE = fileURLToPath(new URL('./synapse-constraints.txt', import.meta.url));

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

export function synapseVenvDir(): string {
  return join(fedimootCacheDir(), `synapse-${SYNAPSE_VERSION}`);
}

export function defaultLog(line: string): void {
  process.stderr.write(`[synapse] ${line}\n`);
}

/** Creates the venv and installs Synapse unless a complete install for this version and constraints exists. */
export async function ensureSynapse(options: EnsureSynapseOptions = {}): Promise<SynapseInstall> {
  const venvDir = synapseVenvDir();
  const { python } = await ensureVenv({
    name: 'Synapse',
    requirement: 'matrix-synapse',
    version: SYNAPSE_VERSION,
    venvDir,
    constraintsFile: SYNAPSE_CONSTRAINTS_FILE,
    check: `import synapse; assert synapse.__version__ == ${JSON.stringify(SYNAPSE_VERSION)}, synapse.__version__`,
    duration: 'about a minute',
    log: options.log ?? defaultLog,
  });
  return { version: SYNAPSE_VERSION, venvDir, python };
}
