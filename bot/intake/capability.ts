// Signal intake as one capability the bot composes: its jobs (the recurring poll, the staff notices), its start-up
// work and the `sources` command's view. Without intake.sources it does nothing.
import type { IntakeActions } from '../contracts/intake-ports.ts';
import type { JobHandler } from '../scheduler.ts';
import { INTAKE_NOTICE_JOB, INTAKE_POLL_JOB, pollSources, sendIntakeNotice, type IntakeDeps } from './poll.ts';

export interface IntakeCapability {
  /** `intake_poll` runs in a lane of its own (a slow source must not hold up replies); notices in the main lane. */
  pollHandlers: Record<string, JobHandler>;
  noticeHandlers: Record<string, JobHandler>;
  actions: IntakeActions | undefined;
  /** Brings the stored sources in line with the config and makes sure a poll is scheduled; call before the runners start. */
  onStart(startedAt: number): void;
}

export function intakeCapability(deps: IntakeDeps): IntakeCapability {
  const { intake } = deps.config;
  const enabled = intake.sources.length > 0;
  return {
    pollHandlers: {
      [INTAKE_POLL_JOB]: async (job) => {
        if (!enabled) return;
        await pollSources(deps);
        // Keyed by this job: run again after a crash, it schedules the same next poll, not a second one.
        deps.store.jobs.schedule({ kind: INTAKE_POLL_JOB, key: `${INTAKE_POLL_JOB}:after-${job.id}`, runAt: deps.now() + intake.every });
      },
    },
    noticeHandlers: { [INTAKE_NOTICE_JOB]: (job) => sendIntakeNotice(deps, job.payload) },
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
        const pending = deps.store.jobs.pendingOfKinds([INTAKE_POLL_JOB]);
        if (!enabled) {
          for (const job of pending) deps.store.jobs.cancel(job.id);
          return;
        }
        // A poll at every start (a source just added is read at once); a pending one is moved, not joined by another.
        const [next, ...extra] = pending;
        for (const job of extra) deps.store.jobs.cancel(job.id);
        if (!next || !deps.store.jobs.reschedule(next.id, startedAt)) deps.store.jobs.schedule({ kind: INTAKE_POLL_JOB, key: `${INTAKE_POLL_JOB}:start-${startedAt}`, runAt: startedAt });
      });
    },
  };
}
