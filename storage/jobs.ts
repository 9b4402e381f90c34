// Scheduled jobs and the outbox of external calls (close at the deadline, reminders, apply after the grace period…).
// Scheduling is idempotent by key; claiming is optimistic, so a job runs once even if two loops race for it; a
// failure is retried at the time its caller gives (the job runner's backoff, bot/scheduler.ts), or given up.

import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';
import { optional, parseJson } from './sql-values.ts';

export type JobState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** A JSON object (the schema checks it); handlers validate what they read from it. */
export type JobPayload = Record<string, unknown>;

export interface Job {
  id: number;
  kind: string;
  /** Unique: scheduling again with the same key returns the existing job. */
  key: string;
  proposalId?: number;
  runAt: number;
  payload: JobPayload;
  state: JobState;
  /** Claims so far, the current one included. */
  attempts: number;
  lastError?: string;
  createdAt: number;
  updatedAt: number;
  claimedAt?: number;
  finishedAt?: number;
}

export interface NewJob {
  kind: string;
  key: string;
  runAt: number;
  proposalId?: number;
  payload?: JobPayload;
}

export interface JobLane {
  kinds: readonly string[];
  exclude?: boolean;
}

export interface FailOptions {
  now?: number;
  /** When to retry; without it the job is given up (`failed`, until rescheduled). */
  retryAt?: number;
}

export interface JobRepository {
  schedule(job: NewJob): { job: Job; created: boolean };
  get(id: number): Job | undefined;
  getByKey(key: string): Job | undefined;
  /** Pending jobs whose time has come, earliest first. */
  due(now?: number, limit?: number): Job[];
  /** Due jobs of the given kinds only, or (`exclude`) of all other kinds: one job runner per lane. */
  dueInLane(lane: JobLane, now?: number, limit?: number): Job[];
  /** When the earliest pending job is due, for the scheduler's timer. */
  nextRunAt(): number | undefined;
  /** Pending and due → running. Undefined when it was not (another loop took it, or it was moved or cancelled). */
  claim(id: number, now?: number): Job | undefined;
  complete(id: number, now?: number): boolean;
  /** Running → pending again at `retryAt`, or → failed without one. Undefined if not running. */
  fail(id: number, error: string, options?: FailOptions): Job | undefined;
  /** Moves a pending job, or revives a failed one (its attempts start over). */
  reschedule(id: number, runAt: number): boolean;
  cancel(id: number): boolean;
  cancelForProposal(proposalId: number): number;
  /** Running → cancelled: its handler found that it no longer applies (the proposal moved on); `reason` is kept. */
  dismiss(id: number, reason: string): boolean;
  /** Pending jobs of these kinds, for sweeping out those that no longer apply. */
  pendingOfKinds(kinds: readonly string[]): Job[];
  /** Jobs left running by a process that stopped go back to pending; call once at start, before the loop runs. */
  requeueRunning(): number;
  listForProposal(proposalId: number): Job[];
}

interface JobRow {
  id: number;
  kind: string;
  idempotency_key: string;
  proposal_id: number | null;
  run_at: number;
  payload_json: string;
  state: JobState;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  claimed_at: number | null;
  finished_at: number | null;
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    key: row.idempotency_key,
    proposalId: optional(row.proposal_id),
    runAt: row.run_at,
    payload: parseJson<JobPayload>(row.payload_json),
    state: row.state,
    attempts: row.attempts,
    lastError: optional(row.last_error),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    claimedAt: optional(row.claimed_at),
    finishedAt: optional(row.finished_at),
  };
}

const mapOne = (row: JobRow | undefined) => (row === undefined ? undefined : toJob(row));

export function createJobRepository(db: Database, clock: Clock): JobRepository {
  const insert = db.prepare<[string, string, number | null, number, string, number, number]>(
    `INSERT INTO jobs (kind, idempotency_key, proposal_id, run_at, payload_json, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  const selectById = db.prepare<[number], JobRow>('SELECT * FROM jobs WHERE id = ?');
  const selectByKey = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE idempotency_key = ?');
  const selectDue = db.prepare<[number, number], JobRow>(
    "SELECT * FROM jobs WHERE state = 'pending' AND run_at <= ? ORDER BY run_at, id LIMIT ?",
  );
  const selectDueOfKinds = db.prepare<[number, string, number], JobRow>(
    "SELECT * FROM jobs WHERE state = 'pending' AND run_at <= ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY run_at, id LIMIT ?",
  );
  const selectDueOtherKinds = db.prepare<[number, string, number], JobRow>(
    "SELECT * FROM jobs WHERE state = 'pending' AND run_at <= ? AND kind NOT IN (SELECT value FROM json_each(?)) ORDER BY run_at, id LIMIT ?",
  );
  const selectNextRunAt = db.prepare<[], number | null>(
    "SELECT min(run_at) FROM jobs WHERE state = 'pending'",
  ).pluck();
  const claim = db.prepare<[{ id: number; now: number }], JobRow>(
    `UPDATE jobs SET state = 'running', attempts = attempts + 1, claimed_at = @now, updated_at = @now
     WHERE id = @id AND state = 'pending' AND run_at <= @now RETURNING *`,
  );
  const complete = db.prepare<[{ id: number; now: number }]>(
    `UPDATE jobs SET state = 'done', finished_at = @now, updated_at = @now, last_error = NULL
     WHERE id = @id AND state = 'running'`,
  );
  const retry = db.prepare<[{ id: number; runAt: number; error: string; now: number }], JobRow>(
    `UPDATE jobs SET state = 'pending', run_at = @runAt, last_error = @error, updated_at = @now
     WHERE id = @id AND state = 'running' RETURNING *`,
  );
  const giveUp = db.prepare<[{ id: number; error: string; now: number }], JobRow>(
    `UPDATE jobs SET state = 'failed', last_error = @error, finished_at = @now, updated_at = @now
     WHERE id = @id AND state = 'running' RETURNING *`,
  );
  const reschedule = db.prepare<[{ id: number; runAt: number; now: number }]>(
    `UPDATE jobs SET run_at = @runAt, updated_at = @now, finished_at = NULL,
       attempts = CASE WHEN state = 'failed' THEN 0 ELSE attempts END, state = 'pending'
     WHERE id = @id AND state IN ('pending', 'failed')`,
  );
  const cancel = db.prepare<[{ id: number; now: number }]>(
    `UPDATE jobs SET state = 'cancelled', finished_at = @now, updated_at = @now WHERE id = @id AND state = 'pending'`,
  );
  const cancelForProposal = db.prepare<[{ proposalId: number; now: number }]>(
    `UPDATE jobs SET state = 'cancelled', finished_at = @now, updated_at = @now
     WHERE proposal_id = @proposalId AND state = 'pending'`,
  );
  const dismiss = db.prepare<[{ id: number; reason: string; now: number }]>(
    `UPDATE jobs SET state = 'cancelled', last_error = @reason, finished_at = @now, updated_at = @now
     WHERE id = @id AND state = 'running'`,
  );
  const selectPendingOfKinds = db.prepare<[string], JobRow>(
    "SELECT * FROM jobs WHERE state = 'pending' AND kind IN (SELECT value FROM json_each(?)) ORDER BY run_at, id",
  );
  const recover = db.prepare<[number]>(
    "UPDATE jobs SET state = 'pending', claimed_at = NULL, updated_at = ? WHERE state = 'running'",
  );
  const selectForProposal = db.prepare<[number], JobRow>(
    'SELECT * FROM jobs WHERE proposal_id = ? ORDER BY run_at, id',
  );

  const schedule = db.transaction((job: NewJob) => {
    const now = clock();
    const payload = JSON.stringify(job.payload ?? {});
    const created = insert.run(job.kind, job.key, job.proposalId ?? null, job.runAt, payload, now, now).changes === 1;
    return { job: toJob(selectByKey.get(job.key)!), created };
  });

  const fail = (id: number, error: string, { now = clock(), retryAt }: FailOptions) =>
    mapOne(retryAt === undefined ? giveUp.get({ id, error, now }) : retry.get({ id, runAt: retryAt, error, now }));

  return {
    schedule: (job) => schedule(job),
    get: (id) => mapOne(selectById.get(id)),
    getByKey: (key) => mapOne(selectByKey.get(key)),
    due: (now = clock(), limit = 100) => selectDue.all(now, limit).map(toJob),
    dueInLane: (lane, now = clock(), limit = 100) =>
      (lane.exclude ? selectDueOtherKinds : selectDueOfKinds).all(now, JSON.stringify(lane.kinds), limit).map(toJob),
    nextRunAt: () => selectNextRunAt.get() ?? undefined,
    claim: (id, now = clock()) => mapOne(claim.get({ id, now })),
    complete: (id, now = clock()) => complete.run({ id, now }).changes === 1,
    fail: (id, error, options = {}) => fail(id, error, options),
    reschedule: (id, runAt) => reschedule.run({ id, runAt, now: clock() }).changes === 1,
    cancel: (id) => cancel.run({ id, now: clock() }).changes === 1,
    cancelForProposal: (proposalId) => cancelForProposal.run({ proposalId, now: clock() }).changes,
    dismiss: (id, reason) => dismiss.run({ id, reason, now: clock() }).changes === 1,
    pendingOfKinds: (kinds) => selectPendingOfKinds.all(JSON.stringify(kinds)).map(toJob),
    requeueRunning: () => recover.run(clock()).changes,
    listForProposal: (proposalId) => selectForProposal.all(proposalId).map(toJob),
  };
}
