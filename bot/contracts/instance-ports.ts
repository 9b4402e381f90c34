// What the instance commands (impact, apply, sync) may ask of the bot.
import type { ApplyPlan, DriftItem } from '../../governance/apply-plan.ts';
import type { Impact } from '../../governance/blocks.ts';
import type { Result } from './ports.ts';
import type { InstanceRefusal, ProposalRef } from './refusals.ts';

/** What applying would do now: the plan, or that this server cannot do it as voted (it can only suspend). */
export type ApplyPreview = { proposal: ProposalRef; plan: ApplyPlan } | { proposal: ProposalRef; suspendOnly: true };

/** What `apply` did: previewed (`byConfig`: because mastodon.dryRun is on), started, or retried one left applying. */
export type ApplyStarted =
  | { kind: 'dry_run'; proposal: ProposalRef; preview: ApplyPreview; byConfig: boolean }
  | { kind: 'applying'; proposal: ProposalRef }
  | { kind: 'retrying'; proposal: ProposalRef; lastError?: string };

export interface InstanceActions {
  /** Applies (or with dryRun only describes applying) an approved decision. */
  apply(id: number, staff: string, dryRun: boolean): Promise<Result<ApplyStarted, InstanceRefusal>>;
  /** Undefined when the server offers no figures. */
  impact(domain: string): Promise<Result<Impact | undefined, InstanceRefusal>>;
  /** Each difference between the decisions and the instance's blocks; empty when none. */
  drift(): Promise<Result<{ items: DriftItem[]; blocks: number }, InstanceRefusal>>;
  /** Records the instance's blocks that no decision covers as prior decisions (not voted); with dryRun, only lists them. */
  importBlocks(staff: string, dryRun: boolean): Promise<Result<ImportSummary, InstanceRefusal>>;
}

export interface ImportSummary {
  /** Domains recorded now (or, in a dry run, that would be). */
  recorded: string[];
  alreadyDecided: number;
  /** No-op blocks, which restrict nothing. */
  skipped: number;
}
