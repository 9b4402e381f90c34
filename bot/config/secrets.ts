// `${ENV_VAR}` substitution and `*File` secrets, applied to the raw YAML tree before validation,
// and redaction of the validated config for printing.

import { readFileSync } from 'node:fs';
import type { Config } from './types.ts';
import { formatPath, type ConfigIssue } from './config-error.ts';

/** Config key paths whose values are secrets: never logged, printed or echoed in errors. */
export const SECRET_KEY_PATHS = ['matrix.accessToken', 'mastodon.accessToken'] as const;
export type SecretKeyPath = (typeof SECRET_KEY_PATHS)[number];

export const REDACTED = '[redacted]';

// `$${X}` stays a literal `${X}`.
const ENV_REFERENCE = /\$(\$?)\{([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PreparedTree {
  tree: unknown;
  issues: ConfigIssue[];
  /** Paths already reported here; validation issues at or under them would only repeat the problem. */
  reportedPaths: string[];
  /**
   * Paths whose whole value was one `${VAR}`: substitution always yields text, so a number or true/false read from
   * the environment may be taken as such there (load-config.ts), while a quoted "10" written in the file may not.
   */
  envPaths: string[];
}

/** Substitutes environment variables in every string value, then reads `accessTokenFile` secrets. */
export function prepareRawTree(tree: unknown, env: NodeJS.ProcessEnv): PreparedTree {
  const issues: ConfigIssue[] = [];
  const envPaths: string[] = [];
  const substituted = substituteEnv(tree, [], { env, issues, envPaths });
  const reportedPaths = issues.map((issue) => issue.path);
  for (const secretPath of SECRET_KEY_PATHS) readSecretFile(substituted, secretPath, issues, reportedPaths);
  return { tree: substituted, issues, reportedPaths, envPaths };
}

interface Substitution {
  env: NodeJS.ProcessEnv;
  issues: ConfigIssue[];
  envPaths: string[];
}

const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

function substituteEnv(value: unknown, path: PropertyKey[], s: Substitution): unknown {
  if (typeof value === 'string') {
    if (WHOLE_REFERENCE.test(value)) s.envPaths.push(formatPath(path));
    return substituteInString(value, formatPath(path), s.env, s.issues);
  }
  if (Array.isArray(value)) return value.map((item, i) => substituteEnv(item, [...path, i], s));
  if (isMapping(value)) {
    // fromEntries defines own properties: a `__proto__:` key stays a key (and is reported as unknown) instead of
    // replacing the object's prototype.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteEnv(item, [...path, key], s)]));
  }
  return value;
}

function substituteInString(text: string, path: string, env: NodeJS.ProcessEnv, issues: ConfigIssue[]): string {
  return text.replace(ENV_REFERENCE, (whole, escape: string, name: string) => {
    if (escape) return whole.slice(1);
    if (!ENV_NAME.test(name)) {
      issues.push({ path, message: `"\${${name}}" is not an environment variable reference; write \${NAME} with letters, digits and _` });
      return whole;
    }
    const value = env[name];
    if (value === undefined) {
      issues.push({ path, message: `environment variable ${name} is not set` });
      return whole;
    }
    return value;
  });
}

function readSecretFile(tree: unknown, secretPath: SecretKeyPath, issues: ConfigIssue[], reportedPaths: string[]): void {
  const [sectionName, key] = secretPath.split('.') as [string, string];
  if (!isMapping(tree)) return;
  const section = tree[sectionName];
  if (!isMapping(section)) return; // absent or the wrong type: validation reports it
  const fileKey = `${key}File`;
  const filePath = `${sectionName}.${fileKey}`;
  const hasValue = section[key] !== undefined && section[key] !== null;
  const hasFile = section[fileKey] !== undefined && section[fileKey] !== null;
  const file = section[fileKey];
  delete section[fileKey];

  const report = (path: string, message: string) => {
    issues.push({ path, message });
    reportedPaths.push(path, secretPath);
  };
  if (hasValue && hasFile) return report(secretPath, `give either ${secretPath} or ${filePath}, not both`);
  if (!hasValue && !hasFile) return report(secretPath, `missing; set it, or ${filePath}`);
  if (!hasFile) return;
  if (typeof file !== 'string' || file.trim() === '') return report(filePath, 'expected a file path');
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return report(filePath, `cannot read ${file}${code ? ` (${code})` : ''}`);
  }
  content = content.replace(/\r?\n$/, '');
  if (content.trim() === '') return report(filePath, `${file} is empty`);
  section[key] = content;
}

/** The secret values themselves, for scrubbing them from log lines. */
export function secretValues(config: Config): string[] {
  return [config.matrix.accessToken, config.mastodon?.accessToken].filter((s): s is string => !!s);
}

/** A copy with every secret replaced by "[redacted]", safe to print (`fedimoot check`). */
export function redactSecrets(config: Config): Config {
  const copy = structuredClone(config);
  copy.matrix.accessToken = REDACTED;
  if (copy.mastodon) copy.mastodon.accessToken = REDACTED;
  return copy;
}

/** Secret strings found at the secret paths of a raw tree, whatever their state, for scrubbing messages. */
export function rawSecretStrings(tree: unknown): string[] {
  const found: string[] = [];
  if (!isMapping(tree)) return found;
  for (const secretPath of SECRET_KEY_PATHS) {
    const [sectionName, key] = secretPath.split('.') as [string, string];
    const section = tree[sectionName];
    const value = isMapping(section) ? section[key] : undefined;
    if (value !== undefined && value !== null && typeof value !== 'object') found.push(String(value));
  }
  return found;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
