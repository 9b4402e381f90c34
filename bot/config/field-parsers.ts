// Parsers for single config values. Each says what it expected in words a config author understands;
// config-issues.ts adds the key path and what was actually written.

import { z } from 'zod';
import { formatDuration, parseDuration } from '../../governance/duration.ts';
import type { Fraction } from '../../governance/types.ts';
import { normaliseDomain } from '../../governance/domain.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(expected: string): Parsed<T> => ({ ok: false, expected });

/** A zod schema running `parse`, its failure reported as a custom issue whose message is the expectation. */
export function field<T>(parse: (input: unknown) => Parsed<T>) {
  return z.unknown().transform((input, ctx): T => {
    const result = parse(input);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.expected });
    return z.NEVER;
  });
}

// Numbers and booleans are YAML numbers and booleans only: a quoted "10" or "true" is text, and a config whose
// author quoted it may well have meant something else. (A whole `${VAR}` may still give one: env-values.ts.)
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;
const UNQUOTE = ' (a number, written without quotes)';

function asNumber(input: unknown): number | undefined {
  return typeof input === 'number' && Number.isFinite(input) ? input : undefined;
}

/** The expectation, with a hint when the value is a number in quotes. */
function numberExpected(expected: string, input: unknown): string {
  return typeof input === 'string' && NUMBER_TEXT.test(input.trim()) ? `${expected}${UNQUOTE}` : expected;
}

export function parseBoolean(input: unknown): Parsed<boolean> {
  if (typeof input === 'boolean') return ok(input);
  if (input === 'true' || input === 'false') return fail('expected true or false, written without quotes');
  return fail('expected true or false');
}

export function wholeNumber(min: number, max?: number) {
  const expected =
    max === undefined ? `expected a whole number ≥ ${min}` : `expected a whole number from ${min} to ${max}`;
  return (input: unknown): Parsed<number> => {
    const n = asNumber(input);
    if (n === undefined || !Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) return fail(numberExpected(expected, input));
    return ok(n);
  };
}

/** Numbers with `min` exclusive when `minExclusive`, e.g. a positive amount. */
export function numberInRange(min: number, max: number, minExclusive = false) {
  const expected = minExclusive ? `expected a number above ${min} and at most ${max}` : `expected a number from ${min} to ${max}`;
  return (input: unknown): Parsed<number> => {
    const n = asNumber(input);
    if (n === undefined || n > max || (minExclusive ? n <= min : n < min)) return fail(numberExpected(expected, input));
    return ok(n);
  };
}

export function oneOf<const T extends string>(values: readonly T[]) {
  return (input: unknown): Parsed<T> =>
    typeof input === 'string' && (values as readonly string[]).includes(input)
      ? ok(input as T)
      : fail(`expected one of ${values.join('|')}`);
}

export function nonEmptyText(what: string) {
  return (input: unknown): Parsed<string> =>
    typeof input === 'string' && input.trim() !== '' ? ok(input) : fail(`expected ${what}`);
}

export function commandPrefix(input: unknown): Parsed<string> {
  if (typeof input === 'string' && /^\S{1,32}$/.test(input)) return ok(input);
  return fail('expected a command prefix without spaces, like "!moot"');
}

/** Durations in milliseconds; `0` may be written bare. */
export function duration(minMs: number, maxMs: number) {
  return (input: unknown): Parsed<number> => {
    let ms: number | undefined;
    if (input === 0 || input === '0') ms = 0;
    else if (typeof input === 'string') {
      const parsed = parseDuration(input);
      if (parsed.ok) ms = parsed.ms;
    }
    if (ms === undefined) return fail('expected a duration like 7d, 36h or 90m');
    if (ms < minMs || ms > maxMs) {
      return fail(`expected a duration from ${formatDuration(minMs)} to ${formatDuration(maxMs)}`);
    }
    return ok(ms);
  };
}

/** An http(s) URL, returned without a trailing slash so paths can be appended. */
export function httpUrl(input: unknown): Parsed<string> {
  const expected = 'expected a URL like https://example.org';
  if (typeof input !== 'string' || !URL.canParse(input.trim())) return fail(expected);
  const url = new URL(input.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(expected);
  return ok(input.trim().replace(/\/+$/, ''));
}

const SERVER_NAME = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?`;
// Room ids from room version 12 on have no server part (`!<hash>`).
const ROOM_ID = new RegExp(`^![^\\s:]+(?::${SERVER_NAME})?$`);
const ROOM_ALIAS = new RegExp(`^#[^\\s:]+:${SERVER_NAME}$`);
const USER_PATTERN = /^@[^\s:]+:\S+$/;
const ROOM_EXPECTED = 'expected a Matrix room id or alias like "!abc:example.org" or "#town-hall:example.org"';

export function roomRef(input: unknown): Parsed<string> {
  if (typeof input === 'string' && (ROOM_ID.test(input) || ROOM_ALIAS.test(input))) return ok(input);
  // An unquoted `#alias` is a YAML comment and leaves an empty value behind.
  if (input === null) return fail(`${ROOM_EXPECTED} (in YAML, put aliases in quotes: a bare # starts a comment)`);
  return fail(ROOM_EXPECTED);
}

export function userPattern(input: unknown): Parsed<string> {
  if (typeof input === 'string' && USER_PATTERN.test(input)) return ok(input);
  return fail('expected a Matrix user id like "@alice:example.org", or a pattern like "@*_bridge:example.org"');
}

/** ISO 4217 codes, normalised to upper case. */
export function currencyCode(input: unknown): Parsed<string> {
  if (typeof input === 'string' && /^[A-Za-z]{3}$/.test(input)) return ok(input.toUpperCase());
  return fail('expected a currency code (ISO 4217, 3 letters) like EUR');
}

export function listenAddress(input: unknown): Parsed<{ host: string; port: number }> {
  const match = typeof input === 'string' ? /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(input.trim()) : null;
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) return fail('expected host:port like 127.0.0.1:8080');
  return ok({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
}

/** "2/3", 0.5, "0.5" or "66%", strictly above 0 and at most 1, kept exact and reduced. */
export function threshold(input: unknown): Parsed<Fraction> {
  const fraction = toFraction(input);
  if (!fraction || fraction.denominator === 0 || fraction.numerator <= 0 || fraction.numerator > fraction.denominator) {
    return fail('expected a fraction above 0 and at most 1, like 2/3, 0.5 or 66%');
  }
  return ok(reduce(fraction));
}

function toFraction(input: unknown): Fraction | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? decimalToFraction(String(input)) : undefined;
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  const ratio = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (ratio) return { numerator: Number(ratio[1]), denominator: Number(ratio[2]) };
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent) {
    const f = decimalToFraction(percent[1]!);
    return f && { numerator: f.numerator, denominator: f.denominator * 100 };
  }
  return decimalToFraction(text);
}

function decimalToFraction(text: string): Fraction | undefined {
  const match = /^(\d*)(?:\.(\d+))?$/.exec(text);
  if (!match || text === '' || text === '.' || (match[2] ?? '').length > 6) return undefined;
  const decimals = match[2] ?? '';
  return { numerator: Number((match[1] ?? '') + decimals || '0'), denominator: 10 ** decimals.length };
}

function reduce({ numerator, denominator }: Fraction): Fraction {
  let a = numerator;
  let b = denominator;
  while (b !== 0) [a, b] = [b, a % b];
  return { numerator: numerator / a, denominator: denominator / a };
}

/**
 * A peer instance: a domain (read at https://<domain>), or an http(s) address for one that lives elsewhere (a test
 * instance on 127.0.0.1:8080), then named by its host and port.
 */
export function peerRef(input: unknown): Parsed<{ name: string; baseUrl: string }> {
  const expected = 'expected a domain like mastodon.social, or an address like https://peer.example:8443';
  if (typeof input !== 'string') return fail(expected);
  const text = input.trim();
  if (/^https?:\/\//i.test(text)) {
    if (!URL.canParse(text)) return fail(expected);
    const url = new URL(text);
    if (url.username || url.password || url.search || url.hash) return fail(`${expected} (without user, query or fragment)`);
    return ok({ name: url.host, baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}` });
  }
  const domain = normaliseDomain(text);
  return domain.ok ? ok({ name: domain.domain, baseUrl: `https://${domain.domain}` }) : fail(`${expected}; ${domain.reason}`);
}
