// config.yaml as a plain tree, or a ConfigError naming the YAML position. Anything yaml can throw while turning the
// document into values (an alias bomb, an alias to an anchor not yet set) is caught here and worded, so a bad file
// always ends in exit code 2, never in an "unexpected failure".

import { LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml';
import { ConfigError, type ConfigIssue } from './config-error.ts';

/** yaml's own limit on how often aliases may be expanded; kept explicit because the message quotes it. */
const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string, fileName: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter });
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
  if (problems.length > 0) throw new ConfigError(problems.map((problem) => yamlIssue(problem, fileName)));
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ConfigError([{ path: '', message: aliasMessage(error, doc, lineCounter, fileName) }]);
  }
  if (containsCycle(raw)) {
    const at = firstAlias(doc, lineCounter);
    fail(`${fileName}: YAML error${at}: an alias refers to a value that contains it, so the value never ends; write it out instead`);
  }
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    fail(`${fileName}: expected a mapping of sections (matrix:, governance:, …) at the top level`);
  }
  return raw;
}

function aliasMessage(error: unknown, doc: Document, lineCounter: LineCounter, fileName: string): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/excessive alias count/i.test(text)) {
    return `${fileName}: YAML error${firstAlias(doc, lineCounter)}: aliases (*name) expand to too many values (more than ${MAX_ALIAS_COUNT}), as in an alias bomb; write the values out instead`;
  }
  const unresolved = /unresolved alias[^:]*: (\S+)/i.exec(text)?.[1];
  if (unresolved) {
    return `${fileName}: YAML error${firstAlias(doc, lineCounter, unresolved)}: the alias *${unresolved} comes before its anchor &${unresolved} (or there is none)`;
  }
  return `${fileName}: YAML error: ${text.split('\n')[0]}`;
}

/** " at line L, column C" of the first alias (of that name), or '' when none is found. */
function firstAlias(doc: Document, lineCounter: LineCounter, name?: string): string {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (name !== undefined && node.source !== name) return undefined;
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  if (offset === undefined) return '';
  const { line, col } = lineCounter.linePos(offset);
  return ` at line ${line}, column ${col}`;
}

function containsCycle(root: unknown): boolean {
  const ancestors = new Set<object>();
  const walk = (node: unknown): boolean => {
    if (typeof node !== 'object' || node === null) return false;
    if (ancestors.has(node)) return true;
    ancestors.add(node);
    const children = node instanceof Map ? [...node.values()] : node instanceof Set ? [...node] : Object.values(node);
    const found = children.some(walk);
    ancestors.delete(node);
    return found;
  };
  return walk(root);
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

function fail(message: string): never {
  throw new ConfigError([{ path: '', message }]);
}
