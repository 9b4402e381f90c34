// What the instance commands (impact, apply, sync) may ask of the bot.
import type { Impact } from '../../governance/blocks.ts';
import type { Result } from './ports.ts';

export interface InstanceActions {
  /** Applies (or with dryRun only describes applying) an approved decision; the text says what happened. */
  apply(id: number, staff: string, dryRun: boolean): Promise<Result<string>>;
  /** Undefined when the server offers no figures. */
  impact(domain: string): Promise<Result<Impact | undefined>>;
  /** One line per difference between the decisions and the instance's blocks; empty when none. */
  drift(): Promise<Result<{ lines: string[]; blocks: number }>>;
  /** Records the instance's blocks that no decision covers as prior decisions (not voted); with dryRun, only lists them. */
  importBlocks(staff: string, dryRun: boolean): Promise<Result<ImportSummary>>;
}

export interface ImportSummary {
  /** Domains recorded now (or, in a dry run, that would be). */
  recorded: string[];
  alreadyDecided: number;
  /** No-op blocks, which restrict nothing. */
  skipped: number;
}
