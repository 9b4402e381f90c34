// Reading the block lists other servers publish into SourceBlocks: Mastodon's import CSV (also GoToSocial's and
// FediBlockHole's, with or without the `#` before each column name), Mastodon's public JSON, a plain domain list, and
// a second fedimoot's decision log, whose hash chain is verified first with the check `fedimoot verify-log` makes.
// A row whose domain is not a domain (an obfuscated `exa***.com`, a typo) is skipped and counted, never guessed at.
import { parse as parseCsv } from 'csv-parse/sync';
import { normaliseDomain } from '../../governance/domain.ts';
import type { SourceBlock, SourceSeverity } from '../../governance/intake.ts';
import { describeBreak, parseLogDocument, verifyLogDocument } from '../../governance/log-document.ts';
import type { HashedEntry } from '../../governance/log-entry.ts';
import { publicBlocksInForce } from '../publish/feeds.ts';

/** A source that answered, but not with something this format reads. `refused`: it failed a check (a broken chain). */
export class SourceProblem extends Error {
  readonly refused: boolean;
  constructor(message: string, refused = false) {
    super(message);
    this.refused = refused;
  }
}

export interface ListReading {
  blocks: SourceBlock[];
  /** Entries skipped: not a domain, or a severity that blocks nothing (`noop`). */
  skipped: number;
}

/** Mastodon's severities and ours; `noop` (only media or reports rejected) blocks nothing. */
function severityOf(value: unknown): SourceSeverity | 'none' | undefined {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value === undefined || value === null ? '' : undefined;
  if (text === '' || text === 'suspend') return 'suspend';
  if (text === 'silence' || text === 'limit') return 'limit';
  if (text === 'noop') return 'none';
  return undefined;
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** Collects blocks, one per domain (the first wins, as Mastodon's import does). */
class Collector {
  private readonly byDomain = new Map<string, SourceBlock>();
  skipped = 0;

  add(rawDomain: unknown, severity: unknown, reason: unknown, link: string | null = null): void {
    const domain = typeof rawDomain === 'string' ? normaliseDomain(rawDomain) : undefined;
    const level = severityOf(severity);
    if (!domain?.ok || level === undefined || level === 'none') {
      this.skipped++;
      return;
    }
    if (!this.byDomain.has(domain.domain)) this.byDomain.set(domain.domain, { domain: domain.domain, severity: level, reason: textOrNull(reason), link });
  }

  reading(): ListReading {
    return { blocks: [...this.byDomain.values()], skipped: this.skipped };
  }
}

/** Mastodon's export (`#domain,#severity,…,#public_comment,…`), GoToSocial's, or a bare `domain,severity` list. */
export function readCsv(text: string): ListReading {
  let rows: string[][];
  try {
    rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new SourceProblem(`is not readable CSV: ${(error as Error).message}`);
  }
  const header = rows[0]?.map((cell) => cell.replace(/^#/, '').toLowerCase());
  const hasHeader = header?.includes('domain') ?? false;
  const column = (name: string, fallback: number) => (hasHeader ? header!.indexOf(name) : fallback);
  const domain = column('domain', 0);
  const severity = column('severity', 1);
  const reason = hasHeader ? Math.max(header!.indexOf('public_comment'), header!.indexOf('comment'), header!.indexOf('reason')) : -1;
  const out = new Collector();
  for (const row of hasHeader ? rows.slice(1) : rows) out.add(row[domain], severity === -1 ? undefined : row[severity], reason === -1 ? undefined : row[reason]);
  return out.reading();
}

/** Mastodon's public `/api/v1/instance/domain_blocks` shape, or GoToSocial's JSON list (`public_comment`). */
export function readJson(text: string): ListReading {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (error) {
    throw new SourceProblem(`is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(list)) throw new SourceProblem('is not a JSON list of blocks (expected [{"domain": …, "severity": …}, …])');
  const out = new Collector();
  for (const item of list as unknown[]) {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    out.add(entry['domain'], entry['severity'], entry['comment'] ?? entry['public_comment']);
  }
  return out.reading();
}

/** One domain a line, each a suspension; `#` starts a comment. */
export function readPlain(text: string): ListReading {
  const out = new Collector();
  for (const line of text.split(/\r?\n/)) {
    const domain = line.replace(/#.*$/, '').trim();
    if (domain !== '') out.add(domain, 'suspend', null);
  }
  return out.reading();
}

/**
 * A second fedimoot's `decisions.json`: refused unless its chain and head verify; then the public blocks in force
 * (the same fold as this bot's own CSV), each linked to its decision on that bot's page.
 */
export function readFedimootLog(text: string, url: string): ListReading {
  const parsed = parseLogDocument('the document', text);
  if (!parsed.ok) throw new SourceProblem(parsed.reason.replace(/^the document /, ''));
  const verdict = verifyLogDocument(parsed.log);
  if (!verdict.intact) throw new SourceProblem(`has a broken hash chain, ${describeBreak(verdict)}`, true);
  const page = url.replace(/\/decisions\.json(?:[?#].*)?$/, '');
  const out = new Collector();
  for (const d of publicBlocksInForce(parsed.log.entries as HashedEntry[])) out.add(d.domain, d.action, d.reason, `${page}/#decision-${d.number}`);
  return out.reading();
}
