// `fedimoot verify-log <file|url>`: checks a published decision log's hash chain (docs/LOG-FORMAT.md) and names
// the first broken entry. Exit 0 intact, 1 broken, 2 when the log could not be read or is not a decision log.
import { readFileSync } from 'node:fs';
import type { CliCommand } from './cli-command.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../../bot/contracts/exit-codes.ts';
import { describeBreak, parseLogDocument, verifyLogDocument, type LogDocument } from '../../governance/log-document.ts';

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new UsageError(`could not fetch ${source}: ${cause ?? (error as Error).message}`);
    }
    if (!res.ok) throw new UsageError(`${source} answered HTTP ${res.status}; expected the decision log (decisions.json)`);
    return res.text();
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) throw new UsageError(`${source}: give a file path or an http(s) address`);
  try {
    return readFileSync(source, 'utf8');
  } catch (error) {
    throw new UsageError(`could not read ${source}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function parseLog(source: string, text: string): LogDocument {
  const parsed = parseLogDocument(source, text);
  if (!parsed.ok) throw new UsageError(parsed.reason);
  return parsed.log;
}

export const verifyLogCommand: CliCommand = {
  command: 'verify-log <source>',
  describe: 'check the hash chain of a published decision log (a decisions.json file or an http(s) URL); exit 0 intact, 1 broken, 2 unreadable',
  builder: (y) =>
    y
      .positional('source', { type: 'string', describe: 'decisions.json file or URL', demandOption: true })
      .option('head', {
        type: 'string',
        describe: 'a head hash you saw earlier (the footer of the page, or "head" in the JSON): it must still be in the log',
      }),
  async run(args) {
    const source = String(args.source);
    const known = args.head === undefined ? undefined : String(args.head).trim().toLowerCase();
    if (known !== undefined && !/^[0-9a-f]{64}$/.test(known)) throw new UsageError(`--head must be a SHA-256 hash (64 hex digits), got "${String(args.head)}"`);
    const log = parseLog(source, await readSource(source));
    const verdict = verifyLogDocument(log, known);
    if (verdict.intact) {
      const also = known === undefined ? '' : '; the head you gave is in it';
      process.stdout.write(`intact: ${verdict.entries} entries; head ${verdict.head ?? '(empty log)'}${also}\n`);
      return EXIT_OK;
    }
    process.stdout.write(`BROKEN: ${describeBreak(verdict)}\n`);
    return EXIT_FAILURE;
  },
};
