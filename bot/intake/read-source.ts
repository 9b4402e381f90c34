// Reads one followed source in its format, within the limits, into the reading to store (or "unchanged" on a 304).
// Throws a SourceProblem when it cannot: the caller keeps the last good reading and tells staff once.
import type { IntakeSource } from '../config/types.ts';
import type { GoodRead } from '../../storage/intake.ts';
import type { SourceState } from '../../storage/intake.ts';
import type { SourceBlock } from '../../governance/intake.ts';
import { readCsv, readFedimootLog, readJson, readPlain, type ListReading } from './block-lists.ts';
import { fetchSource, readDeadline, type FetchLimits } from './fetch-source.ts';
import { readFires } from './fires-source.ts';

const LIST_READERS: Record<Exclude<IntakeSource['format'], 'fires'>, (text: string, url: string) => ListReading> = {
  'fedimoot-log': readFedimootLog,
  csv: readCsv,
  json: readJson,
  plain: readPlain,
};

export async function readSource(source: IntakeSource, state: SourceState | undefined, before: readonly SourceBlock[], limits: FetchLimits): Promise<GoodRead | 'unchanged'> {
  const signal = readDeadline(limits);
  const validators = { etag: state?.etag, lastModified: state?.lastModified };
  if (source.format === 'fires') {
    const read = await readFires(source.url, { blocks: before, cursor: state?.cursor }, limits, signal, validators);
    if (read.status === 'not-modified') return 'unchanged';
    return { blocks: read.blocks, skipped: read.skipped, cursor: read.cursor, ...read.validators };
  }
  const fetched = await fetchSource(source.url, limits, signal, validators);
  if (fetched.status === 'not-modified') return 'unchanged';
  const reading = LIST_READERS[source.format](fetched.text, source.url);
  return { blocks: reading.blocks, skipped: reading.skipped, ...fetched.validators };
}
