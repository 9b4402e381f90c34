// Runs stored jobs (poll publishing, closes, reminders, announcements) when they fall due. Jobs live in the database,
// so a restart picks up exactly where the last run stopped; failures are retried with capped backoff.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from './logger.ts';
import type { Store } from '../storage/store.ts';
import type { Job, JobLane } from '../storage/jobs.ts';

/**
 * `OBSOLETE`: the job no longer applies (its proposal moved on: closed before its deadline, applied by another job);
 * it is marked cancelled rather than done, so the record says it did nothing.
 */
export const OBSOLETE = 'obsolete';
export type JobHandler = (job: Job) => Promise<void | typeof OBSOLETE>;

const TICK_MS = 1000;
const MAX_BACKOFF_MS = 5 * 60_000;

export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

export class JobRunner {
  private readonly inJob = new AsyncLocalStorage<boolean>();
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly store: Store;
  private readonly handlers: Record<string, JobHandler>;
  private readonly logger: Logger;
  private readonly now: () => number;

  private readonly lane: JobLane | undefined;
  private die: (error: unknown) => void = () => undefined;
  /**
   * Resolves with the error if the runner stops for good: the store itself failed (a job's own failure is retried,
   * this is the database going away under it). The bot exits then rather than run on without its jobs.
   */
  readonly crashed = new Promise<unknown>((resolve) => {
    this.die = resolve;
  });

  /** With a `lane`, runs only the jobs of that lane (see JobLane), so slow work elsewhere cannot hold it up. */
  constructor(store: Store, handlers: Record<string, JobHandler>, logger: Logger, now: () => number, lane?: JobLane) {
    this.lane = lane;
    this.store = store;
    this.handlers = handlers;
    this.logger = logger;
    this.now = now;
  }

  /** Call store.jobs.requeueRunning() once before starting the runners (it must not run while one works). */
  start(): void {
    const tick = () => {
      if (this.stopped) return;
      void this.kick().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, TICK_MS);
      });
    };
    tick();
  }

  /** Runs every due job now; resolves when they are done. Inside a job it returns at once (the loop picks up new work). */
  kick(): Promise<void> {
    if (this.inJob.getStore()) return Promise.resolve();
    // A rejection would stick to the chain (every later kick rejecting unseen); the runner stops and reports instead.
    this.chain = this.chain.then(() => this.runDue()).catch((error: unknown) => {
      this.stopped = true;
      if (this.timer) clearTimeout(this.timer);
      this.logger.fatal({ err: error, lane: this.lane }, 'the job runner stopped: its store failed');
      this.die(error);
    });
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
  }

  private async runDue(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const job = (this.lane ? this.store.jobs.dueInLane(this.lane, this.now(), 1) : this.store.jobs.due(this.now(), 1))[0];
      if (!job) return;
      await this.runOne(job);
    }
  }

  private async runOne(job: Job): Promise<void> {
    const claimed = this.store.jobs.claim(job.id, this.now());
    if (!claimed) return;
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await this.inJob.run(true, () => handler(claimed));
      if (result === OBSOLETE) {
        this.store.jobs.dismiss(job.id, 'no longer applies');
        this.logger.debug({ job: job.kind, proposal: job.proposalId }, 'job no longer applies; cancelled');
      } else this.store.jobs.complete(job.id);
    } catch (error) {
      const attempts = claimed.attempts;
      const retryAt = this.now() + backoffMs(attempts);
      this.logger.warn({ err: error, job: job.kind, proposal: job.proposalId, attempts }, 'job failed; will retry');
      this.store.jobs.fail(job.id, error instanceof Error ? error.message : String(error), { now: this.now(), retryAt });
    }
  }
}
