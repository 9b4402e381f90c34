// Applying decisions, as one capability the bot composes: its jobs, its hook, its commands and its start-up work.
import type { InstanceActions } from '../../commands/chat/instance-ports.ts';
import type { JobHandler } from '../scheduler.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import type { ProposalHook } from '../proposals/hooks.ts';
import { runApply, scheduleApply } from './apply.ts';
import { findDrift } from './drift.ts';
import { applyHook } from './hook.ts';
import { announceHook, postResultStatus } from './announce.ts';
import { queueNotice, sendQueuedNotice } from './notices.ts';
import { instanceActions } from './service.ts';
import { describeDrift } from './words.ts';

/** Job kinds that wait on the instance; they run in a lane of their own. */
export const INSTANCE_LANE = ['apply', 'announce_status'] as const;

export interface DecisionCapability {
  jobHandlers: Record<string, JobHandler>;
  hooks: ProposalHook[];
  actions: InstanceActions | undefined;
  /** Resumes interrupted applications and (in the background) reports drift to staff; call before the runners start. */
  onStart(startedAt: number): void;
}

export function decisionCapability(deps: ProposalDeps): DecisionCapability {
  return {
    jobHandlers: {
      apply: (job) => runApply(deps, job.proposalId!, job.attempts),
      notice: (job) => sendQueuedNotice(deps, job.proposalId, job.payload),
      announce_status: (job) => postResultStatus(deps, job.proposalId!, job.payload),
    },
    hooks: [applyHook(deps), announceHook(deps)],
    actions: instanceActions(deps),
    onStart(startedAt) {
      const instance = deps.instance;
      if (!instance) return;
      // Interrupted mid-apply: plan again from the server's real list (runApply never makes a second block).
      deps.store.transaction(() => {
        for (const p of deps.store.proposals.listInStates(['applying'])) scheduleApply(deps, p.id, startedAt, `restart-${startedAt}`);
      });
      // In the background: an unreachable instance must not hold up the start.
      void reportDrift(deps, startedAt);
    },
  };
}

async function reportDrift(deps: ProposalDeps, startedAt: number): Promise<void> {
  const instance = deps.instance!;
  try {
    deps.logger.info({ flavor: await instance.flavor() }, 'instance reachable');
    const { items } = await findDrift(deps.store, instance);
    if (items.length === 0) return;
    const prefix = deps.config.matrix.commandPrefix;
    deps.store.transaction(() =>
      queueNotice(deps, 'staff', `drift-${startedAt}`, undefined, [
        `At start, the instance's blocks and the decisions differ in ${items.length} place${items.length === 1 ? '' : 's'}:`,
        ...items.map((item) => `• ${describeDrift(item, prefix)}`),
      ]),
    );
    void deps.kick();
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not compare the decisions with the instance at start');
  }
}
