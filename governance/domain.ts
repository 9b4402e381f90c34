// Domains as people paste them in chat, turned into the form Mastodon stores: lowercase, ASCII (punycode),
// no trailing dot. Also the Mastodon rules for which block covers a domain and how a block is shown obfuscated.

import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';

export type DomainResult = { ok: true; domain: string } | { ok: false; reason: string };

export const DOMAIN_HINT = 'write a domain like example.social';

const MAX_LABEL = 63;
const MAX_DOMAIN = 253;
const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
const LABEL_RE = /^[a-z0-9-]+$/;
const IPV4_RE = /^\d+(?:\.\d+){3}$/;
// Letters of any script, digits, hyphen and dot; anything else (spaces, `_`, `%`, `!`…) is refused before IDNA,
// which would otherwise percent-decode or silently map some of it.
const HOST_CHARS_RE = /^[\p{L}\p{M}\p{N}.\u3002\uff0e\uff61-]+$/u;
const NON_ASCII_RE = /[^\x00-\x7f]/;

function refuse(input: string, what: string, hint: string = DOMAIN_HINT): DomainResult {
  return { ok: false, reason: `"${input}" is not a domain: ${what}; ${hint}` };
}

/** The host part of a URL, `@user@host`, `user@host` or `host:port/path`, without any normalisation. */
function extractHost(text: string): string {
  let rest = text.replace(SCHEME_RE, '');
  const end = rest.search(/[/?#]/);
  if (end >= 0) rest = rest.slice(0, end);
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = rest.slice(at + 1);
  // A port, but not the colons of a bare IPv6 address (which fails validation below anyway).
  if (!rest.startsWith('[') && rest.indexOf(':') === rest.lastIndexOf(':')) rest = rest.replace(/:\d*$/, '');
  return rest;
}

export function normaliseDomain(input: string): DomainResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: `no domain given; ${DOMAIN_HINT}` };
  if (/\s/.test(text)) return refuse(text, 'it contains a space');

  let host = extractHost(text);
  if (host === '') return refuse(text, 'no host name found in it');
  if (host.includes('*')) {
    const parent = host.startsWith('*.') ? normaliseDomain(host.replace(/^(\*\.)+/, '')) : undefined;
    return parent?.ok
      ? refuse(text, `wildcards are not needed, a block on ${parent.domain} already covers all its subdomains`, `write ${parent.domain}`)
      : refuse(text, 'wildcards (*) are not supported, a block on a domain already covers all its subdomains');
  }
  if (host.startsWith('[') || host.split(':').length > 2) {
    return refuse(text, 'it is an IP address, Mastodon blocks domain names');
  }
  if (host.includes(':')) return refuse(text, 'what follows ":" is not a port number');

  host = host.toLowerCase();
  if (!HOST_CHARS_RE.test(host)) {
    const bad = [...host].find((c) => !HOST_CHARS_RE.test(c)) ?? '?';
    return refuse(text, `it contains "${bad}"; only letters, digits, hyphens and dots are allowed`);
  }
  if (NON_ASCII_RE.test(host)) {
    const ascii = domainToASCII(host);
    if (ascii === '' || NON_ASCII_RE.test(ascii)) return refuse(text, 'it is not a valid internationalised domain name');
    host = ascii;
  }
  // After IDNA, which turns an ideographic full stop into a dot.
  if (host.endsWith('.')) host = host.slice(0, -1);
  return validateHostname(text, host);
}

function validateHostname(input: string, host: string): DomainResult {
  if (host.length > MAX_DOMAIN) return refuse(input, `it is longer than ${MAX_DOMAIN} characters`);
  if (IPV4_RE.test(host)) return refuse(input, 'it is an IP address, Mastodon blocks domain names');
  const labels = host.split('.');
  for (const label of labels) {
    if (label === '') return refuse(input, 'it has an empty part (two dots in a row, or a leading dot)');
    if (label.length > MAX_LABEL) return refuse(input, `the part "${label}" is longer than ${MAX_LABEL} characters`);
    if (!LABEL_RE.test(label)) return refuse(input, `the part "${label}" contains characters a domain cannot have`);
    if (label.startsWith('-') || label.endsWith('-')) {
      return refuse(input, `the part "${label}" starts or ends with a hyphen`);
    }
    // Non-ASCII input was checked by IDNA; ASCII input could still carry a malformed punycode label.
    if (label.startsWith('xn--') && domainToASCII(label) === '') {
      return refuse(input, `the part "${label}" is not valid punycode`);
    }
  }
  if (labels.length < 2) return refuse(input, 'it has only one part (a top-level domain alone cannot be blocked)');
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return refuse(input, 'it ends in a number, which no domain name does');
  return { ok: true, domain: host };
}

/** True when `domain` is a strict subdomain of `parent` (on label boundaries). Both must be normalised. */
export function isSubdomainOf(domain: string, parent: string): boolean {
  return domain.length > parent.length + 1 && domain.endsWith(`.${parent}`);
}

/** Mastodon semantics: a block on `parent` applies to `parent` itself and every subdomain. */
export function coversDomain(blockedDomain: string, domain: string): boolean {
  return domain === blockedDomain || isSubdomainOf(domain, blockedDomain);
}

/**
 * The block that applies to `domain`: the one on the domain itself or on its closest parent (longest suffix wins,
 * as in Mastodon). Accepts plain domains or block records. All domains must already be normalised.
 */
export function findCoveringBlock<T extends string | { readonly domain: string }>(
  domain: string,
  blocks: Iterable<T>,
): T | undefined {
  let best: T | undefined;
  let bestLength = -1;
  for (const block of blocks) {
    const blocked = typeof block === 'string' ? block : block.domain;
    if (blocked.length > bestLength && coversDomain(blocked, domain)) {
      best = block;
      bestLength = blocked.length;
    }
  }
  return best;
}

/**
 * The public form of an obfuscated block, matching Mastodon's `DomainBlock#public_domain`: the first and last quarter
 * of the characters (rounded down, the first one plus one) stay visible, everything between becomes `*` except dots.
 * "threads.net" → "thr****.*et".
 */
export function obfuscateDomain(domain: string): string {
  const length = domain.length;
  const visible = Math.floor(length / 4);
  let out = '';
  for (let i = 0; i < length; i++) {
    const char = domain[i] ?? '';
    out += i > visible && i < length - visible && char !== '.' ? '*' : char;
  }
  return out;
}

/** SHA-256 hex of the normalised domain, as Mastodon publishes next to obfuscated blocks. */
export function domainDigest(domain: string): string {
  return createHash('sha256').update(domain, 'utf8').digest('hex');
}
