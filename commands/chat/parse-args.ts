// Turns the words after a command name into typed arguments, following the command's declared spec.
import { normaliseDomain } from '../../governance/domain.ts';
import { parseDuration } from '../../governance/duration.ts';
import { ACTIONS, ANSWER_IDS } from '../../governance/types.ts';
import type { ArgSpec, ArgValue, ChatCommand, OptionSpec, ParsedArgs } from '../../bot/contracts/spec.ts';

export type ParseResult = { ok: true; parsed: ParsedArgs } | { ok: false; reason: string };

const MAX_TEXT = 2000;

function convertArg(spec: ArgSpec, word: string): { ok: true; value: ArgValue } | { ok: false; reason: string } {
  switch (spec.type) {
    case 'domain': {
      const result = normaliseDomain(word);
      return result.ok ? { ok: true, value: result.domain } : { ok: false, reason: result.reason };
    }
    case 'action': {
      const action = word.toLowerCase();
      return (ACTIONS as readonly string[]).includes(action)
        ? { ok: true, value: action }
        : { ok: false, reason: `"${word}" is not an action; use suspend, limit or lift` };
    }
    case 'answer': {
      const answer = word.toLowerCase();
      return (ANSWER_IDS as readonly string[]).includes(answer)
        ? { ok: true, value: answer }
        : { ok: false, reason: `"${word}" is not an answer; vote yes, no or abstain` };
    }
    case 'proposal': {
      const match = /^#?(\d{1,9})$/.exec(word);
      return match ? { ok: true, value: Number(match[1]) } : { ok: false, reason: `"${word}" is not a proposal number (write it like 12)` };
    }
    case 'count': {
      const match = /^\d{1,4}$/.exec(word);
      return match && Number(word) > 0 ? { ok: true, value: Number(word) } : { ok: false, reason: `"${word}" is not a count (a whole number such as 10)` };
    }
    case 'word': {
      const lower = word.toLowerCase();
      if (spec.choices && !spec.choices.includes(lower)) return { ok: false, reason: `"${word}" is not one of ${spec.choices.join(', ')}` };
      return { ok: true, value: lower };
    }
    case 'text':
      return { ok: true, value: word };
  }
}

function convertOption(spec: OptionSpec, value: string): { ok: true; value: string | number } | { ok: false; reason: string } {
  if (value.length > MAX_TEXT) return { ok: false, reason: `--${spec.name} is too long (${value.length} characters; at most ${MAX_TEXT})` };
  if (spec.type === 'url') {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return { ok: false, reason: `--${spec.name} needs a web address starting with https://, got "${value}"` };
    return { ok: true, value: url.toString() };
  }
  if (spec.type === 'action') {
    const action = value.toLowerCase();
    return (ACTIONS as readonly string[]).includes(action)
      ? { ok: true, value: action }
      : { ok: false, reason: `--${spec.name}: "${value}" is not an action; use suspend, limit or lift` };
  }
  if (spec.type === 'duration') {
    const d = parseDuration(value);
    return d.ok ? { ok: true, value: d.ms } : { ok: false, reason: `--${spec.name}: ${d.reason}` };
  }
  return { ok: true, value };
}

export function parseArgs(command: ChatCommand, words: readonly string[]): ParseResult {
  const positional: string[] = [];
  const options: Record<string, ArgValue> = {};
  const specs = new Map((command.options ?? []).map((o) => [o.name, o]));
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('--') || word.length === 2) {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = (eq > 0 ? word.slice(2, eq) : word.slice(2)).toLowerCase();
    const spec = specs.get(name);
    if (!spec) return { ok: false, reason: `unknown option --${name}` };
    if (spec.type === 'flag') {
      if (eq > 0) return { ok: false, reason: `--${name} takes no value` };
      options[name] = true;
      continue;
    }
    const raw = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (raw === undefined) return { ok: false, reason: `--${name} needs a value` };
    const converted = convertOption(spec, raw);
    if (!converted.ok) return converted;
    if (spec.repeatable) options[name] = [...((options[name] as string[] | undefined) ?? []), String(converted.value)];
    else if (options[name] !== undefined) return { ok: false, reason: `--${name} was given twice` };
    else options[name] = converted.value;
  }
  const args: Record<string, ArgValue> = {};
  for (const [index, spec] of command.args.entries()) {
    const word = spec.rest ? positional.slice(index).join(' ') || undefined : positional[index];
    if (word === undefined) {
      if (spec.optional) continue;
      return { ok: false, reason: `missing ${spec.name}` };
    }
    if (word.length > MAX_TEXT) return { ok: false, reason: `${spec.name} is too long (${word.length} characters; at most ${MAX_TEXT})` };
    const converted = convertArg(spec, word);
    if (!converted.ok) return converted;
    args[spec.name] = converted.value;
  }
  const last = command.args.at(-1);
  if (!last?.rest && positional.length > command.args.length) {
    return { ok: false, reason: `unexpected "${positional[command.args.length]}"` };
  }
  return { ok: true, parsed: { args, options } };
}
