// The log as JSON (for verifiers and tools), Mastodon CSV (blocks in force), Atom (for feed readers) and Markdown.
import { LOG_FORMAT, LOG_VERSION, type HashedEntry } from '../../governance/log-entry.ts';
import { ACTION_WORDS, blocksInForce, foldLog, OUTCOME_WORDS, turnout, type PublishedDecision } from './views.ts';

export interface PublishContext {
  /** Public address of the log (publish.baseUrl), without a trailing slash. */
  baseUrl?: string;
  title: string;
  now: number;
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

/** Mastodon's import format. Obfuscated decisions are left out: the log never holds their real domain. */
export function renderCsv(entries: readonly HashedEntry[]): string {
  const rows = blocksInForce(foldLog(entries))
    .filter((d) => !d.obfuscated)
    .map((d) => [d.domain, d.action === 'limit' ? 'silence' : 'suspend', String(d.rejectMedia), String(d.rejectReports), csvField(d.reason ?? ''), 'false'].join(','));
  return `${[CSV_HEADER, ...rows].join('\n')}\n`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function headline(d: PublishedDecision): string {
  return d.resultLine ?? `Proposal ${d.number} (${d.action} ${d.domain}): ${OUTCOME_WORDS[d.outcome].toLowerCase()}${d.imported ? ' (recorded from the instance, not voted)' : ''}`;
}

export function renderAtom(entries: readonly HashedEntry[], ctx: PublishContext): string {
  const decisions = foldLog(entries);
  const base = ctx.baseUrl ?? '';
  const updated = new Date(ctx.now).toISOString();
  const items = decisions.map((d) => {
    const when = d.applied?.appliedAt ?? d.closedAt;
    const summary = [headline(d), d.reason ? `Reason: ${d.reason}` : '', d.applied ? `Applied ${d.applied.appliedAt}.` : ''].filter(Boolean).join('\n');
    return [
      '  <entry>',
      `    <id>urn:fedimoot:decision:${d.domainDigest.slice(0, 16)}:${d.number}</id>`,
      `    <title>${escapeXml(`${ACTION_WORDS[d.action]} ${d.domain}: ${OUTCOME_WORDS[d.outcome]}`)}</title>`,
      `    <updated>${when}</updated>`,
      base ? `    <link href="${escapeXml(`${base}/#decision-${d.number}`)}"/>` : '',
      `    <summary>${escapeXml(summary)}</summary>`,
      '  </entry>',
    ].filter(Boolean).join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${escapeXml(ctx.title)}</title>`,
    `  <id>${escapeXml(base ? `${base}/decisions.atom` : 'urn:fedimoot:decisions')}</id>`,
    `  <updated>${updated}</updated>`,
    base ? `  <link rel="self" href="${escapeXml(`${base}/decisions.atom`)}"/>` : '',
    ...items,
    '</feed>',
    '',
  ].filter((l) => l !== '').join('\n') + '\n';
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(entries: readonly HashedEntry[], ctx: PublishContext): string {
  const decisions = foldLog(entries);
  const lines = [`# ${ctx.title}`, '', '| # | domain | action | outcome | votes | turnout | closed | applied | reason |', '|---|---|---|---|---|---|---|---|---|'];
  for (const d of decisions) {
    const votes = d.tally ? `yes ${d.tally.yes} · no ${d.tally.no} · abstain ${d.tally.abstain}` : d.imported ? 'not voted' : '';
    lines.push(`| ${d.number} | ${mdCell(d.domain)} | ${ACTION_WORDS[d.action]} | ${OUTCOME_WORDS[d.outcome]} | ${votes} | ${turnout(d) ?? ''} | ${d.closedAt.slice(0, 10)} | ${d.applied?.appliedAt.slice(0, 10) ?? ''} | ${mdCell(d.reason ?? '')} |`);
  }
  lines.push('', `Head of the hash chain: \`${entries.at(-1)?.hash ?? 'none'}\``, '');
  return lines.join('\n');
}
