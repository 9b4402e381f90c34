// Signal intake as one capability the bot composes: its jobs (the recurring poll, the staff notices), its start-up
// work and the `sources` command's view. Without intake.sources it does nothing.
import type { IntakeActions } from '../contracts/intake-ports.ts';
import { jobOf } from '../job-kinds.ts';
import { pollSources, type SignalIntakeContext } from './poll.ts';

export interface IntakeCapability {
  /** One poll of the sources (the `intake_poll` job, in a lane of its own: a slow source must not hold up replies). */
  poll(round: string): Promise<void>;
  actions: IntakeActions | undefined;
  /** Brings the stored sources in line with the config and makes sure a poll is scheduled; call before the runners start. */
  onStart(startedAt: number): void;
}

export function intakeCapability(deps: SignalIntakeContext): IntakeCapability {
  const { intake } = deps.config;
  const enabled = intake.sources.length > 0;
  return {
    async poll(round) {
      if (!enabled) return;
      await pollSources(deps);
      // Keyed by this round: run again after a crash, it schedules the same next poll, not a second one.
      deps.store.jobs.schedule(jobOf('intake_poll', undefined, deps.now() + intake.every, { round: `after-${round}` }));
    },
    actions: enabled
      ? {
        overview: () => {
          const trust = new Map(intake.sources.map((s) => [s.name, s.trust]));
          const sources = deps.store.intake.sources().map((s) => ({
            ...s,
            trust: trust.get(s.name) ?? 1,
            blocks: deps.store.intake.blocks(s.name).length,
          }));
          return { sources, threshold: intake.threshold, everyMs: intake.every };
        },
      }
      : undefined,
    onStart(startedAt) {
      deps.store.transaction(() => {
        deps.store.intake.syncSources(intake.sources);
        const pending = deps.store.jobs.pendingOfKinds(['intake_poll']);
        if (!enabled) {
          for (const job of pending) deps.store.jobs.cancel(job.id);
          return;
        }
        // A poll at every start (a source just added is read at once); a pending one is moved, not joined by another.
        const [next, ...extra] = pending;
        for (const job of extra) deps.store.jobs.cancel(job.id);
        if (!next || !deps.store.jobs.reschedule(next.id, startedAt)) deps.store.jobs.schedule(jobOf('intake_poll', undefined, startedAt, { round: `start-${startedAt}` }));
      });
    },
  };
}
