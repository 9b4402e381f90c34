// Commands and poll ends run here, one after another in the order they arrived, off the sync loop. Their handling
// waits on the network (opening a poll posts it in every room, a close posts the result, an apply calls the instance),
// and while the sync loop waited for them no vote was read: answers sent in the second after a poll opened queued up
// behind the opening itself. Poll responses and redactions stay in the loop; they need no network and their order
// does not matter (the latest response counts by its timestamp, governance/counting.ts).
//
// Nothing is lost by a crash: the sync token of a batch is saved only once the lane has run the batch's commands
// (sync-storage.ts holds it back meanwhile), so a restart reads them again.
import type { Logger } from '../logger.ts';

export class CommandLane {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private waiters: (() => void)[] = [];
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  /** Queues the task after those queued before it; a failure is logged (with the room) and the lane goes on. */
  run(task: () => Promise<void>, roomId?: string): void {
    this.pending++;
    this.tail = this.tail
      .then(task)
      .catch((error: unknown) => this.logger.error({ err: error, roomId }, 'failed to handle an event'))
      .finally(() => {
        this.pending--;
        if (this.pending > 0) return;
        const waiters = this.waiters;
        this.waiters = [];
        for (const resolve of waiters) resolve();
      });
  }

  /** Tasks queued or running. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Resolves once every task queued so far (and any queued meanwhile) has run. */
  idle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }
}
