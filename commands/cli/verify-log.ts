import { readFileSync } from 'node:fs';
import type { CliCommand } from './main.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './exit-codes.ts';
import { LOG_FORMAT, verifyChain, type HashedEntry } from '../../governance/log-entry.ts';

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new UsageError(`could not fetch ${source}: ${(error as Error).message}`);
    }
    if (!res.ok) throw new UsageError(`${source} answered ${res.status}`);
    return res.text();
  }
  try {
    return readFileSync(source, 'utf8');
  } catch (error) {
    throw new UsageError(`could not read ${source}: ${(error as Error).message}`);
  }
}

export const verifyLogCommand: CliCommand = {
  command: 'verify-log <source>',
  describe: 'check the hash chain of a published decision log (a file or an http(s) URL)',
  builder: (y) =>
    y.positional('source', { type: 'string', describe: 'decisions.json file or URL', demandOption: true }),
  async run(args) {
    const source = String(args.source);
    let document: { format?: unknown; entries?: unknown };
    try {
      document = JSON.parse(await readSource(source)) as typeof document;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`${source} is not JSON: ${(error as Error).message}`);
    }
    if (document.format !== LOG_FORMAT || !Array.isArray(document.entries)) {
      throw new UsageError(`${source} is not a fedimoot decision log (expected "format": "${LOG_FORMAT}" and an "entries" list)`);
    }
    const verdict = verifyChain(document.entries as HashedEntry[]);
    if (verdict.intact) {
      process.stdout.write(`intact: ${verdict.entries} entries; head ${verdict.head ?? '(empty log)'}\n`);
      return EXIT_OK;
    }
    process.stdout.write(`BROKEN (${verdict.problem}) at entry ${verdict.position}: ${verdict.explanation}\n`);
    return EXIT_FAILURE;
  },
};
