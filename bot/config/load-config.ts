// Reads config.yaml: YAML → `${ENV}` and secret files → schema → cross-field rules → Config,
// or a ConfigError listing every problem at once.

import { readFileSync } from 'node:fs';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { describeZodIssues, scrubIssues } from './config-issues.ts';
import { configSchema } from './config-schema.ts';
import { checkCrossFieldRules } from './cross-field-rules.ts';
import { prepareRawTree, rawSecretStrings } from './secrets.ts';
import type { Config } from './types.ts';
import { parseYaml } from './yaml-source.ts';
import { coerceEnvValues } from './env-values.ts';

export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(`config file ${path} not found (copy config.example.yaml)`);
    fail(`config file ${path} cannot be read${code ? ` (${code})` : ''}`);
  }
  return parseConfig(text, env, path);
}

/** Validates config text; `fileName` only labels messages. Secret files are still read from disk. */
export function parseConfig(text: string, env: NodeJS.ProcessEnv = process.env, fileName = 'config.yaml'): Config {
  const raw = parseYaml(text, fileName);
  const prepared = prepareRawTree(raw === null || raw === undefined ? {} : raw, env);
  const secrets = rawSecretStrings(prepared.tree);

  let tree = prepared.tree;
  let result = configSchema.safeParse(tree);
  if (!result.success) {
    const coerced = coerceEnvValues(tree, result.error.issues, prepared.envPaths);
    if (coerced !== tree) {
      tree = coerced;
      result = configSchema.safeParse(tree);
    }
  }
  const schemaIssues = result.success
    ? []
    : describeZodIssues(result.error.issues, tree).filter(
        (issue) => !prepared.reportedPaths.some((reported) => isAtOrUnder(issue.path, reported)),
      );
  const issues = [...prepared.issues, ...schemaIssues];
  if (issues.length > 0 || !result.success) throw new ConfigError(scrubIssues(sortByPath(issues), secrets));

  const config: Config = result.data;
  const crossFieldIssues = checkCrossFieldRules(config);
  if (crossFieldIssues.length > 0) throw new ConfigError(scrubIssues(crossFieldIssues, secrets));
  return config;
}

function isAtOrUnder(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}

function sortByPath(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function fail(message: string): never {
  throw new ConfigError([{ path: '', message }]);
}
