// The instance's JSON as fedimoot's types: Mastodon and GoToSocial shapes both, domains always in ASCII.
import { normaliseDomain } from '../../governance/domain.ts';
import type { BlockSettings, DomainBlock, Impact, Severity } from '../../governance/blocks.ts';
import type { InstanceAccount } from './gateway.ts';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** GoToSocial returns Unicode domains and omits severity and the reject flags: every block there is a suspend. */
export function toDomainBlock(raw: unknown): DomainBlock {
  const json = (raw ?? {}) as Json;
  const domain = String(json.domain ?? '');
  const normalised = normaliseDomain(domain);
  const severity = json.severity;
  return {
    id: String(json.id),
    domain: normalised.ok ? normalised.domain : domain.toLowerCase(),
    severity: severity === 'silence' || severity === 'noop' ? (severity as Severity) : 'suspend',
    rejectMedia: json.reject_media === true,
    rejectReports: json.reject_reports === true,
    privateComment: str(json.private_comment),
    publicComment: str(json.public_comment),
    obfuscate: json.obfuscate === true,
    createdAt: str(json.created_at),
  };
}

export function blockForm(settings: BlockSettings, domain?: string): Record<string, string | boolean | undefined> {
  return {
    domain,
    severity: settings.severity,
    reject_media: settings.rejectMedia,
    reject_reports: settings.rejectReports,
    private_comment: settings.privateComment ?? '',
    public_comment: settings.publicComment ?? '',
    obfuscate: settings.obfuscate,
  };
}

export function toAccount(raw: unknown, instanceHost: string): InstanceAccount | undefined {
  const json = (raw ?? {}) as Json;
  if (typeof json.id !== 'string' || typeof json.acct !== 'string') return undefined;
  const acct = json.acct;
  const host = acct.includes('@') ? acct.split('@')[1]!.toLowerCase() : undefined;
  return {
    id: json.id,
    acct,
    username: String(json.username ?? acct.split('@')[0]),
    local: host === undefined || host === instanceHost.toLowerCase(),
    createdAt: String(json.created_at ?? ''),
  };
}

/** The admin account entity wraps the public one; `suspended`/`disabled` are admin-only facts. */
export function toAdminAccount(raw: unknown, instanceHost: string): InstanceAccount | undefined {
  const json = (raw ?? {}) as Json;
  const inner = toAccount({ ...(json.account as Json | undefined), id: json.id, created_at: json.created_at }, instanceHost);
  if (!inner) return undefined;
  return {
    ...inner,
    acct: inner.acct || String(json.username ?? ''),
    suspended: json.suspended === true,
    disabled: json.disabled === true || json.approved === false,
  };
}

export const BLOCKS_PATH = '/api/v1/admin/domain_blocks';
/** The first page of the block list, as large as Mastodon serves. */
export const BLOCKS_PAGE = `${BLOCKS_PATH}?limit=200`;

/**
 * Answers to admin measures that mean "this server has no measures endpoint" (GoToSocial: 404). A 401 or 403 is
 * not among them: that is the instance refusing the token, reported as such (see refusal.ts).
 */
export const NO_MEASURES: readonly number[] = [404, 405, 410, 501];

export const MEASURE_KEYS = {
  instance_follows: 'follows',
  instance_followers: 'followers',
  instance_accounts: 'accounts',
  instance_reports: 'reports',
  instance_media_attachments: 'mediaBytes',
} as const satisfies Record<string, keyof Impact>;

/** The admin measures request for `domain` (ASCII, as Mastodon stores remote domains) and its subdomains, by day. */
export function measuresRequest(domain: string, start: Date, end: Date): { json: Record<string, unknown>; keys: string[] } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const keys = Object.keys(MEASURE_KEYS);
  const json: Record<string, unknown> = { keys, start_at: day(start), end_at: day(end) };
  for (const key of keys) json[key] = { domain, include_subdomains: true };
  return { json, keys };
}

export function toImpact(raw: unknown): Impact {
  const impact: Impact = {};
  if (!Array.isArray(raw)) return impact;
  for (const entry of raw as Json[]) {
    const field = MEASURE_KEYS[entry.key as keyof typeof MEASURE_KEYS];
    // Mastodon sends the figures as strings.
    const raw = entry.total;
    const total = typeof raw === 'number' || (typeof raw === 'string' && raw.trim() !== '') ? Number(raw) : Number.NaN;
    if (field && Number.isFinite(total)) impact[field] = total;
  }
  return impact;
}

/**
 * The path and query of `<url>; rel="next"` in a Link header, if any. Only those: the next page is asked of the
 * configured instance URL, so the token never follows a link to another host.
 */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (!match) continue;
    const url = new URL(match[1]!, 'http://instance.invalid');
    return url.pathname + url.search;
  }
  return undefined;
}

/** The `servers` dimension's domains, in Mastodon's order (most statuses first), normalised; others dropped. */
export function toServers(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const dimension = (raw as Json[]).find((entry) => entry.key === 'servers');
  const data = Array.isArray(dimension?.data) ? (dimension.data as Json[]) : [];
  return data.flatMap((row) => {
    const domain = typeof row.key === 'string' ? normaliseDomain(row.key) : undefined;
    return domain?.ok ? [domain.domain] : [];
  });
}
