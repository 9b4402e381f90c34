import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';

export type Severity = 'silence' | 'suspend' | 'noop';
export const SEVERITIES: readonly Severity[] = ['silence', 'suspend', 'noop'];

/** The Admin::DomainBlock entity, exactly as the API serialises it. */
export interface DomainBlockRecord {
  id: string;
  domain: string;
  digest: string;
  created_at: string;
  severity: Severity;
  reject_media: boolean;
  reject_reports: boolean;
  private_comment: string | null;
  public_comment: string | null;
  obfuscate: boolean;
}

// Characters Addressable refuses in a host (its InvalidURIError), which Mastodon turns into "Domain is invalid".
const FORBIDDEN_IN_HOST = /[<>{}/\\?#@"\s]/;
const LABEL = /^[a-z0-9-]+$/i;

/**
 * TagManager#normalize_domain: strip one trailing slash, then Addressable's normalized_host (lowercase,
 * IDNA to ASCII, one trailing dot dropped). Undefined when Addressable would raise. Outer whitespace is
 * stripped first, as DomainBlock.rule_for and older DomainNormalizable do.
 */
export function normalizeDomain(input: string): string | undefined {
  let host = input.trim();
  if (host.endsWith('/')) host = host.slice(0, -1);
  if (host === '') return '';
  if (FORBIDDEN_IN_HOST.test(host)) return undefined;
  host = host.toLowerCase();
  if (/[^\x00-\x7f]/.test(host)) {
    const ascii = domainToASCII(host);
    if (ascii === '') return undefined;
    host = ascii;
  }
  if (/[^.]\.$/.test(host)) host = host.slice(0, -1);
  return host;
}

/** DomainValidator#compliant?: under 256 characters, labels of 1–63 letters, digits or hyphens. */
export function isValidDomain(normalized: string): boolean {
  if (normalized.length >= 256) return false;
  // Ruby's String#split drops trailing empty fields, so "a.b." passes the label check.
  const labels = normalized.replace(/\.+$/, '').split('.');
  return labels.every((l) => l.length >= 1 && l.length <= 63 && LABEL.test(l));
}

export function domainDigest(domain: string): string {
  return createHash('sha256').update(domain).digest('hex');
}

/** DomainBlock.rule_for: the block on the domain or its nearest blocked parent (longest suffix wins). */
export function ruleFor(blocks: readonly DomainBlockRecord[], domain: string): DomainBlockRecord | undefined {
  const normalized = normalizeDomain(domain.replace(/\//g, ''));
  if (normalized === undefined || normalized === '') return undefined;
  const segments = normalized.split('.');
  const variants = new Set(segments.map((_, i) => segments.slice(i).join('.')));
  let best: DomainBlockRecord | undefined;
  for (const b of blocks) {
    if (variants.has(b.domain) && (best === undefined || b.domain.length > best.domain.length)) best = b;
  }
  return best;
}

type Strictness = Pick<DomainBlockRecord, 'severity' | 'reject_media' | 'reject_reports'>;

/** DomainBlock#stricter_than?: note that a suspend counts as stricter than anything, another suspend included. */
export function stricterThan(block: Strictness, other: Strictness): boolean {
  if (block.severity === 'suspend') return true;
  if (other.severity === 'suspend' && (block.severity === 'silence' || block.severity === 'noop')) return false;
  if (other.severity === 'silence' && block.severity === 'noop') return false;
  return (block.reject_media || !other.reject_media) && (block.reject_reports || !other.reject_reports);
}

/** The masked form Mastodon shows publicly for an obfuscated block (DomainBlock#public_domain). */
export function obfuscatedDomain(domain: string): string {
  const visible = Math.floor(domain.length / 4);
  return Array.from(domain, (c, i) => (i > visible && i < domain.length - visible && c !== '.' ? '*' : c)).join('');
}
