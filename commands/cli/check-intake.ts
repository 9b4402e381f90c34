// `fedimoot check`: each followed block list (intake.sources) read once, as the bot will read it, with what it holds.
import type { Config } from '../../bot/config/types.ts';
import { SourceProblem } from '../../bot/intake/block-lists.ts';
import { fetchLimits } from '../../bot/intake/poll.ts';
import { readSource } from '../../bot/intake/read-source.ts';
import { shownUrl } from '../../bot/wording/intake-words.ts';
import type { CheckLine } from './check-line.ts';

export async function checkIntake(config: Config): Promise<CheckLine[]> {
  const limits = fetchLimits({ config });
  return Promise.all(config.intake.sources.map(async (source, i): Promise<CheckLine> => {
    try {
      const read = await readSource(source, undefined, [], limits);
      const blocks = read === 'unchanged' ? 0 : read.blocks.length;
      const skipped = read === 'unchanged' || read.skipped === 0 ? '' : ` (${read.skipped} skipped: not a domain, or blocking nothing)`;
      return { ok: true, what: `intake source ${source.name} reads as ${source.format}: ${blocks} block${blocks === 1 ? '' : 's'}${skipped}` };
    } catch (error) {
      const problem = error instanceof SourceProblem ? error.message : (error as Error).message;
      return {
        ok: false,
        what: `intake source ${source.name} (${shownUrl(source.url)}) could not be read: it ${problem}`,
        fix: `check intake.sources[${i}].url and its format (${source.format}); the bot reports it to staff once and keeps trying`,
      };
    }
  }));
}
