// A published decision log as a whole document (docs/LOG-FORMAT.md): recognising one and verifying it, chain and
// head together. `fedimoot verify-log` and the signal intake (a second fedimoot's decisions.json) both read logs
// through here, so they accept and refuse exactly the same documents.
import { checkHead, LOG_FORMAT, LOG_VERSION, verifyChain, type ChainVerdict, type HashedEntry } from './log-entry.ts';

export interface LogDocument {
  entries: unknown[];
  head: unknown;
}

export type ParsedLog = { ok: true; log: LogDocument } | { ok: false; reason: string };

/** `source` names the document in the reason (a file, a URL, a source's name). */
export function parseLogDocument(source: string, text: string): ParsedLog {
  let document: { format?: unknown; version?: unknown; entries?: unknown; head?: unknown };
  try {
    document = JSON.parse(text) as typeof document;
  } catch (error) {
    return { ok: false, reason: `${source} is not JSON: ${(error as Error).message}` };
  }
  if (typeof document !== 'object' || document === null || document.format !== LOG_FORMAT || !Array.isArray(document.entries)) {
    return { ok: false, reason: `${source} is not a fedimoot decision log (expected "format": "${LOG_FORMAT}" and an "entries" list)` };
  }
  if (typeof document.version !== 'number' || document.version > LOG_VERSION) {
    return { ok: false, reason: `${source} is log format version ${String(document.version)}; this fedimoot reads version ${LOG_VERSION} (upgrade fedimoot)` };
  }
  return { ok: true, log: { entries: document.entries as unknown[], head: document.head } };
}

/** The chain, then the document's own `head`, then a head seen before (`known`): the first problem found. */
export function verifyLogDocument(log: LogDocument, known?: string): ChainVerdict {
  let verdict = verifyChain(log.entries);
  const entries = log.entries as HashedEntry[];
  if (verdict.intact && typeof log.head === 'string') verdict = checkHead(entries, log.head, 'document') ?? verdict;
  if (verdict.intact && known !== undefined) verdict = checkHead(entries, known, 'known') ?? verdict;
  return verdict;
}

/** `modified at entry 3 (seq 3): entry 3 (seq 3) was changed after it was hashed` */
export function describeBreak(verdict: Exclude<ChainVerdict, { intact: true }>): string {
  const seq = typeof verdict.seq === 'number' ? ` (seq ${verdict.seq})` : '';
  return `${verdict.problem} at entry ${verdict.position}${seq}: ${verdict.explanation}`;
}
