// Numbers and true/false given through `${VAR}`. Substitution always yields text, and the schema takes numbers and
// booleans only as YAML numbers and booleans (a quoted "10" is refused). A value that was one whole `${VAR}` and
// failed as text is tried once more as the number or boolean its text spells, as if it had been written unquoted.

import type { z } from 'zod';
import { formatPath } from './config-error.ts';
import { isMapping } from './secrets.ts';

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/** The tree with those values converted; the same tree object when there is nothing to convert. */
export function coerceEnvValues(tree: unknown, issues: readonly z.core.$ZodIssue[], envPaths: readonly string[]): unknown {
  const fromEnv = new Set(envPaths);
  const targets = issues.filter((issue) => fromEnv.has(formatPath(issue.path)));
  if (targets.length === 0) return tree;
  const copy = structuredClone(tree);
  let changed = false;
  for (const issue of targets) changed = convertAt(copy, issue.path) || changed;
  return changed ? copy : tree;
}

function convertAt(tree: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let node = tree;
  for (const key of path.slice(0, -1)) {
    node = Array.isArray(node) || isMapping(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  if (!Array.isArray(node) && !isMapping(node)) return false;
  const parent = node as Record<PropertyKey, unknown>;
  const last = path.at(-1)!;
  const value = parent[last];
  if (typeof value !== 'string') return false;
  const text = value.trim();
  if (NUMBER_TEXT.test(text)) parent[last] = Number(text);
  else if (text === 'true' || text === 'false') parent[last] = text === 'true';
  else return false;
  return true;
}
