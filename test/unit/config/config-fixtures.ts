import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, parseConfig } from '../../../bot/config/index.ts';

export const MATRIX_TOKEN = 'syt_bWF0cml4LXNlY3JldA_abcdef';
export const MASTODON_TOKEN = 'mastodon-secret-token-0123456789';

/** The smallest valid config, as the YAML tree before validation. */
type Tree = { [key: string]: unknown };

export function minimalTree(): Tree {
  return {
    matrix: {
      homeserverUrl: 'https://matrix.example.org',
      accessToken: MATRIX_TOKEN,
      staffRooms: ['!staff:example.org'],
    },
  };
}

/** minimalTree with `changes` applied: dotted path → value (`undefined` deletes the key). */
export function treeWith(changes: Record<string, unknown>): Tree {
  const tree = minimalTree();
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    let node = tree;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Tree;
    const last = keys.at(-1)!;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return tree;
}

/** The ConfigError lines for a YAML tree, or [] when it is valid. */
export function configErrors(tree: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  return errorsOf(() => parseConfig(stringify(tree), env));
}

export function errorsOf(run: () => unknown): string[] {
  try {
    run();
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.format().split('\n');
    throw error;
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fedimoot-config-'));
}

export function writeTemp(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
