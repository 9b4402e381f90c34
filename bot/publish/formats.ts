// The log as JSON (for verifiers and tools), Mastodon CSV (blocks in force), Atom (for feed readers) and Markdown.
import { LOG_FORMAT, LOG_VERSION, type HashedEntry } from '../../governance/log-entry.ts';
import { severityOf } from '../../governance/blocks.ts';
import { domainDigest } from '../../governance/domain.ts';
import { proposalTitle } from '../../governance/proposal-title.ts';
import { blockedNow } from './blocked-now.ts';
import { endedWords, priorBlockWords } from './plain-words.ts';
import { ACTION_WORDS, actionOn, blocksInForce, foldLog, lastChange, OUTCOME_WORDS, shortTime, turnout, type PublishedDecision } from './views.ts';

export interface PublishContext {
  /** Public address of the log (publish.baseUrl), without a trailing slash. */
  baseUrl?: string;
  title: string;
  /** Who publishes (the instance's host), for the Atom feed's author. */
  publisher: string;
  now: number;
  /** The member rooms (matrix.memberRooms), where people propose and vote: the page says how to take part. */
  memberRooms?: readonly string[];
  commandPrefix?: string;
}

export function renderJson(entries: readonly HashedEntry[], ctx: PublishContext): string {
  const document = {
    format: LOG_FORMAT,
    version: LOG_VERSION,
    title: ctx.title,
    generatedAt: new Date(ctx.now).toISOString(),
    head: entries.at(-1)?.hash ?? null,
    entries,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export const CSV_HEADER = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate';

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface CsvOptions {
  /**
   * Staff only (`fedimoot export --format csv --include-obfuscated`): the real domain of an obfuscated decision, from
   * the database. With it, obfuscated blocks are written with their real domain and `#obfuscate` true, as Mastodon's
   * own export does; never given by the web server.
   */
  realDomainOf?: (number: number) => string | undefined;
}

/**
 * Mastodon's domain-block import format: one row per block in force, `limit` written as `silence`. Obfuscated
 * decisions are left out unless `realDomainOf` is given: the log never holds their real domain, and Mastodon refuses
 * a domain with `*` in it.
 */
export function renderCsv(entries: readonly HashedEntry[], options: CsvOptions = {}): string {
  const rows = blocksInForce(foldLog(entries)).flatMap((d) => {
    let domain = d.domain;
    if (d.obfuscated) {
      const real = options.realDomainOf?.(d.number);
      // The digest check keeps a database that disagrees with the log from putting a wrong domain in the file.
      if (real === undefined || domainDigest(real) !== d.domainDigest) return [];
      domain = real;
    }
    return [csvRow(d, domain)];
  });
  return csvDocument(rows);
}

/** Mastodon's name for a decision's action: `limit` is `silence`. */
export function mastodonSeverity(d: PublishedDecision): 'silence' | 'suspend' {
  return severityOf(d.action);
}

/** One row of Mastodon's domain-block CSV. */
export function csvRow(d: PublishedDecision, domain: string = d.domain): string {
  return [domain, mastodonSeverity(d), String(d.rejectMedia), String(d.rejectReports), csvField(d.reason ?? ''), String(d.obfuscated)].join(',');
}

export function csvDocument(rows: readonly string[]): string {
  return `${[CSV_HEADER, ...rows].join('\n')}\n`;
}

/** How many blocks in force the public CSV leaves out because they were decided obfuscated. */
export function obfuscatedBlocksInForce(entries: readonly HashedEntry[]): number {
  return blocksInForce(foldLog(entries)).filter((d) => d.obfuscated).length;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function headline(d: PublishedDecision): string {
  if (d.resultLine) return d.resultLine;
  const how = d.imported ? ' (recorded from the instance, not voted)' : '';
  return `${proposalTitle({ id: d.number, action: d.action, domain: d.domain })}: ${OUTCOME_WORDS[d.outcome].toLowerCase()}${how}`;
}

/** The decision in a few plain lines, for feeds. */
function summaryText(d: PublishedDecision): string {
  return [
    headline(d),
    d.reason ? `Reason: ${d.reason}` : '',
    d.evidence.length ? `Evidence: ${d.evidence.join(' ')}` : '',
    endedWords(d) ?? '',
    d.priorBlock ? `Before: ${priorBlockWords(d)}.` : '',
    d.applied ? `In force on the instance since ${shortTime(d.applied.appliedAt)}.` : '',
    d.supersedes !== null ? `Supersedes proposal ${d.supersedes}.` : '',
    d.supersededBy !== undefined ? `Superseded by proposal ${d.supersededBy}.` : '',
  ].filter(Boolean).join('\n');
}

/** RFC 4287: one entry per decision, updated again when the decision is applied. */
export function renderAtom(entries: readonly HashedEntry[], ctx: PublishContext): string {
  const decisions = foldLog(entries);
  const base = ctx.baseUrl;
  const items = decisions.map((d) => [
    '  <entry>',
    `    <id>urn:fedimoot:decision:${d.hash}</id>`,
    `    <title>${escapeXml(`Proposal ${d.number}: ${actionOn(d.action, d.domain)} — ${OUTCOME_WORDS[d.outcome]}`)}</title>`,
    `    <published>${d.closedAt}</published>`,
    `    <updated>${d.applied?.appliedAt ?? d.closedAt}</updated>`,
    base ? `    <link rel="alternate" type="text/html" href="${escapeXml(`${base}/#decision-${d.number}`)}"/>` : '',
    `    <category term="${d.action}"/>`,
    `    <content type="text">${escapeXml(summaryText(d))}</content>`,
    '  </entry>',
  ].filter(Boolean).join('\n'));
  const head = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${escapeXml(ctx.title)}</title>`,
    `  <id>${escapeXml(base ? `${base}/decisions.atom` : `urn:fedimoot:log:${ctx.publisher}`)}</id>`,
    `  <updated>${lastChange(entries) ?? new Date(ctx.now).toISOString()}</updated>`,
    `  <author><name>${escapeXml(ctx.publisher)}</name></author>`,
    '  <generator>fedimoot</generator>',
    base ? `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${base}/decisions.atom`)}"/>` : '',
    base ? `  <link rel="alternate" type="text/html" href="${escapeXml(`${base}/`)}"/>` : '',
  ].filter(Boolean);
  return [...head, ...items, '</feed>', ''].join('\n');
}

/** Backslash-escapes what Markdown would read as markup (an obfuscated domain's `*`, a reason's `<` or `|`). */
function mdText(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#!~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The same "Blocked now" rows as the page (blocked-now.ts), above the history. */
function blockedNowMarkdown(decisions: readonly PublishedDecision[]): string[] {
  const rows = blockedNow(decisions);
  if (!rows.length) return ['## Blocked now', '', 'No domain is blocked by a decision in this log.', ''];
  return [
    '## Blocked now',
    '',
    '| domain | severity | since | reason | how |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${[mdText(r.domain) + (r.obfuscated ? ' (obfuscated; not in the CSV)' : ''), r.severity, r.since, mdText(r.reason) || '—', mdText(r.origin)].join(' | ')} |`),
    '',
  ];
}

export function renderMarkdown(entries: readonly HashedEntry[], ctx: PublishContext): string {
  const decisions = foldLog(entries);
  const lines = [
    `# ${mdText(ctx.title)}`,
    '',
    ...blockedNowMarkdown(decisions),
    '## Every decision',
    '',
    '| # | domain | action | outcome | votes | turnout | closed | applied | reason |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const d of decisions) {
    const votes = d.tally ? `yes ${d.tally.yes} · no ${d.tally.no} · abstain ${d.tally.abstain}` : d.imported ? 'not voted' : '';
    const cells = [
      String(d.number),
      mdText(d.domain),
      ACTION_WORDS[d.action],
      OUTCOME_WORDS[d.outcome],
      votes,
      turnout(d) ?? '',
      d.closedAt.slice(0, 10),
      d.applied?.appliedAt.slice(0, 10) ?? '',
      mdText(d.reason ?? ''),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('', `Head of the hash chain: \`${entries.at(-1)?.hash ?? 'none'}\``, '');
  return lines.join('\n');
}
