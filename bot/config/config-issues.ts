// Turns zod's issues into messages that name the key, say what was expected and what was written.

import type { z } from 'zod';
import { formatPath, type ConfigIssue } from './config-error.ts';
import { knownKeysAt } from './config-schema.ts';
import { SECRET_KEY_PATHS, REDACTED, isMapping } from './secrets.ts';

export function describeZodIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const parent = formatPath(issue.path);
      for (const key of issue.keys) {
        out.push({ path: formatPath([...issue.path, key]), message: unknownKeyMessage(key, knownKeysAt(parent)) });
      }
      continue;
    }
    const path = formatPath(issue.path);
    const value = valueAt(input, issue.path);
    if (value === undefined) {
      out.push({ path, message: 'missing required key' });
      continue;
    }
    const secret = (SECRET_KEY_PATHS as readonly string[]).includes(path);
    out.push({ path, message: `${issue.message}, got ${secret ? describeType(value) : describeValue(value)}` });
  }
  return out;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closestKey(key, known);
  if (suggestion) return `unknown key; did you mean ${suggestion}?`;
  return known.length > 0 ? `unknown key (known keys: ${known.join(', ')})` : 'unknown key';
}

/** The known key nearest to a typo, ignoring case, `_` and `-`; undefined when none is close. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const normal = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const target = normal(key);
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(target, normal(candidate));
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(target.length / 3)));
  return best && best.distance <= allowed ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

function valueAt(tree: unknown, path: readonly PropertyKey[]): unknown {
  let node = tree;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isMapping(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

const MAX_ECHO = 60;

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    if (value === '') return 'an empty text';
    const shown = value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeType(value);
}

/** Says what kind of value was written without showing it. */
function describeType(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (isMapping(value)) return 'a mapping';
  if (typeof value === 'string') return value === '' ? 'an empty text' : 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  return typeof value;
}

/** Replaces secret values wherever they might still show up in a message. */
export function scrubIssues(issues: readonly ConfigIssue[], secrets: readonly string[]): ConfigIssue[] {
  const scrub = (text: string) =>
    secrets.reduce((out, secret) => (secret.length >= 4 ? out.split(secret).join(REDACTED) : out), text);
  return issues.map((issue) => ({ path: issue.path, message: scrub(issue.message) }));
}
