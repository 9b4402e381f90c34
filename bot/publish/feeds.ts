// The block lists other servers and tools subscribe to, each in the exact shape its consumer reads (docs/LOG-FORMAT.md,
// "Feeds for other servers"). All of them are the public CSV's blocks in force (views.ts blocksInForce over
// governance/standing.ts, the one fold of what stands per domain), minus the obfuscated ones: the log never holds
// their real domain.
import type { HashedEntry } from '../../governance/log-entry.ts';
import { csvDocument, csvRow, mastodonSeverity } from './formats.ts';
import { blocksInForce, foldLog, type PublishedDecision } from './views.ts';

/** The blocks in force that may be published, by domain. */
export function publicBlocksInForce(entries: readonly HashedEntry[]): PublishedDecision[] {
  return blocksInForce(foldLog(entries)).filter((d) => !d.obfuscated);
}

/**
 * For a GoToSocial domain permission subscription: Mastodon's CSV with the suspensions only. GoToSocial 0.19 skips
 * every row whose severity is not `suspend`; a limit listed here would only be a warning in its log.
 */
export function renderGoToSocialCsv(entries: readonly HashedEntry[]): string {
  return csvDocument(publicBlocksInForce(entries).filter((d) => d.action === 'suspend').map((d) => csvRow(d)));
}

export interface PublicDomainBlock {
  domain: string;
  /** SHA-256 (hex) of the domain, as Mastodon's `digest`. */
  digest: string;
  severity: 'silence' | 'suspend';
  comment: string | null;
}

/**
 * The shape of Mastodon's public `GET /api/v1/instance/domain_blocks`, in its order: limits (silence) before
 * suspensions, each by domain. FediBlockHole reads it as `mastodon_api_public`.
 */
export function mastodonDomainBlocks(entries: readonly HashedEntry[]): PublicDomainBlock[] {
  const rank = { silence: 0, suspend: 1 };
  return publicBlocksInForce(entries)
    .map((d) => ({ domain: d.domain, digest: d.domainDigest, severity: mastodonSeverity(d), comment: d.reason }))
    .sort((a, b) => rank[a.severity] - rank[b.severity] || (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
}

export function renderMastodonJson(entries: readonly HashedEntry[]): string {
  return `${JSON.stringify(mastodonDomainBlocks(entries), null, 2)}\n`;
}

/**
 * One suspended domain a line. Readers of plain lists (GoToSocial's `text/plain` subscriptions, FIRES's importer)
 * take every line as a suspension, so limited domains are left out: they are in the CSV and the JSON.
 */
export function renderPlainList(entries: readonly HashedEntry[]): string {
  return publicBlocksInForce(entries)
    .filter((d) => d.action === 'suspend')
    .map((d) => `${d.domain}\n`)
    .join('');
}
