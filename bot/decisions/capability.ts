// Applying decisions, as one capability the bot composes: its hooks, its commands and its start-up work (its jobs
// are in bot/job-kinds.ts, in the instance lane).
import type { InstanceActions } from '../contracts/instance-ports.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';
import type { ProposalHook } from '../proposals/hooks.ts';
import { scheduleApply } from './apply.ts';
import { findDrift } from './drift.ts';
import { driftDomain } from '../../governance/apply-plan.ts';
import { applyHook, type ApplyHookContext } from './hook.ts';
import { announceHook, type AnnounceContext } from './announce.ts';
import { queueNotice, type NoticeContext } from './notices.ts';
import { instanceActions, type InstanceCommandsContext } from './service.ts';
import { describeDrift } from '../wording/apply-words.ts';

export interface DecisionCapability {
  hooks: ProposalHook[];
  actions: InstanceActions | undefined;
  /** Resumes interrupted applications and (in the background) reports drift to staff; call before the runners start. */
  onStart(startedAt: number): void;
}

/** At start: the drift found, said to staff. */
type DriftReportContext = NoticeContext & Pick<ProposalDeps, 'instance' | 'logger' | 'kick'> & ConfigSections<'matrix'>;

/** The decisions capability: what its hooks, its commands and its start-up work each take. */
export type DecisionContext = ApplyHookContext & AnnounceContext & InstanceCommandsContext & DriftReportContext;

export function decisionCapability(deps: DecisionContext): DecisionCapability {
  return {
    hooks: [applyHook(deps), announceHook(deps)],
    actions: instanceActions(deps),
    onStart(startedAt) {
      const instance = deps.instance;
      if (!instance) return;
      // Interrupted mid-apply: plan again from the server's real list (runApply never makes a second block).
      deps.store.transaction(() => {
        // One apply job per decision: a job still waiting (retrying with backoff) is moved to now, not joined by another.
        for (const p of deps.store.proposals.listInStates(['applying'])) {
          const waiting = deps.store.jobs.listForProposal(p.id).find((job) => job.kind === 'apply' && job.state === 'pending');
          if (!waiting || !deps.store.jobs.reschedule(waiting.id, startedAt)) scheduleApply(deps, p.id, startedAt, `restart-${startedAt}`);
        }
      });
      // In the background: an unreachable instance must not hold up the start.
      void reportDrift(deps, startedAt);
    },
  };
}

/** A first start's domains are listed up to this many; the rest are counted. */
const FIRST_START_SHOWN = 10;

function firstStartLines(domains: readonly string[], prefix: string): string[] {
  const n = domains.length;
  const shown = domains.slice(0, FIRST_START_SHOWN).join(', ') + (n > FIRST_START_SHOWN ? ` and ${n - FIRST_START_SHOWN} more` : '');
  return [
    `The instance has ${n} block${n === 1 ? '' : 's'} that no decision here made: ${shown}.`,
    `Record ${n === 1 ? 'it' : 'them'} as prior decisions (not voted) with ${prefix} import, so that drift starts at zero; ` +
      `members can still propose to lift any of them, and ${prefix} sync shows what differs.`,
  ];
}

async function reportDrift(deps: DriftReportContext, startedAt: number): Promise<void> {
  const instance = deps.instance!;
  try {
    deps.logger.info({ flavor: await instance.flavor() }, 'instance reachable');
    const { items } = await findDrift(deps.store, instance);
    if (items.length === 0) return;
    const prefix = deps.config.matrix.commandPrefix;
    // With nothing decided yet, every difference is a block that predates the bot: one summary, not a line each.
    const lines = deps.store.log.last() === undefined && items.every((item) => item.kind === 'undecided')
      ? firstStartLines(items.map(driftDomain), prefix)
      : [
        `At start, the instance's blocks and the decisions differ in ${items.length} place${items.length === 1 ? '' : 's'}:`,
        ...items.map((item) => `• ${describeDrift(item, prefix)}`),
      ];
    deps.store.transaction(() => queueNotice(deps, 'staff', `drift-${startedAt}`, undefined, lines));
    void deps.kick();
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not compare the decisions with the instance at start');
  }
}
