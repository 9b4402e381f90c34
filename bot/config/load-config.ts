// Reads config.yaml: YAML → `${ENV}` and secret files → schema → cross-field rules → Config,
// or a ConfigError listing every problem at once.

import { readFileSync } from 'node:fs';
import { parseDocument, type YAMLError } from 'yaml';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { describeZodIssues, scrubIssues } from './config-issues.ts';
import { configSchema } from './config-schema.ts';
import { checkCrossFieldRules } from './cross-field-rules.ts';
import { prepareRawTree, rawSecretStrings } from './secrets.ts';
import type { Config } from './types.ts';

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

  const result = configSchema.safeParse(prepared.tree);
  const schemaIssues = result.success
    ? []
    : describeZodIssues(result.error.issues, prepared.tree).filter(
        (issue) => !prepared.reportedPaths.some((reported) => isAtOrUnder(issue.path, reported)),
      );
  const issues = [...prepared.issues, ...schemaIssues];
  if (issues.length > 0 || !result.success) throw new ConfigError(scrubIssues(sortByPath(issues), secrets));

  const config: Config = result.data;
  const crossFieldIssues = checkCrossFieldRules(config);
  if (crossFieldIssues.length > 0) throw new ConfigError(scrubIssues(crossFieldIssues, secrets));
  return config;
}

function parseYaml(text: string, fileName: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
  if (problems.length > 0) throw new ConfigError(problems.map((problem) => yamlIssue(problem, fileName)));
  const raw: unknown = doc.toJS();
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    fail(`${fileName}: expected a mapping of sections (matrix:, governance:, …) at the top level`);
  }
  return raw;
}

// yaml's own message quotes the offending source line, which may hold a secret: keep only the reason.
function yamlIssue(error: YAMLError, fileName: string): ConfigIssue {
  const reason = error.message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/:\s*".*"$/, '');
  const at = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
  let hint = '';
  if (error.code === 'TAG_RESOLVE_FAILED') {
    return {
      path: '',
      message: `${fileName}: YAML error${at}: a value starting with ! is read as a YAML tag; put it in quotes, like "!abc:example.org"`,
    };
  }
  if (reason.startsWith('Comments must be separated')) hint = ' (a bare # starts a comment: put room aliases in quotes)';
  return { path: '', message: `${fileName}: YAML syntax error${at}: ${reason}${hint}` };
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
