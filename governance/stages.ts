// Staged cuts and review dates, as rules: which second stage a proposal may carry, when it and its reminder fall due,
// when a later vote supersedes it, and when a decision is due for review. Pure (the clock is a parameter).
import { formatDuration } from './duration.ts';
import type { Action } from './types.ts';

const DAY_MS = 86_400_000;

/** How far a cut goes: a second stage must go further than the first (lift < limit < suspend). */
const STRICTNESS: Record<Action, number> = { lift: 0, limit: 1, suspend: 2 };

export interface DurationBounds {
  minMs: number;
  maxMs: number;
}

/** `--after`: at least a day (time to read the reminder), at most two years (a vote that old no longer speaks). */
export const STAGE_AFTER_BOUNDS: DurationBounds = { minMs: DAY_MS, maxMs: 730 * DAY_MS };
/** `--review` and governance.reviewAfter: between a week and five years. */
export const REVIEW_AFTER_BOUNDS: DurationBounds = { minMs: 7 * DAY_MS, maxMs: 5 * 365 * DAY_MS };

export interface SecondStage {
  action: Action;
  afterMs: number;
}

export interface StageRequest {
  first: Action;
  then?: Action;
  afterMs?: number;
}

export type StageCheck = { ok: true; stage?: SecondStage } | { ok: false; reason: string };

/** Whether `then` is a stricter cut than `first`, itself a cut (a lift is no first stage). */
export function isStricter(first: Action, then: Action): boolean {
  return first !== 'lift' && STRICTNESS[then] > STRICTNESS[first];
}

function within(ms: number, bounds: DurationBounds): boolean {
  return ms >= bounds.minMs && ms <= bounds.maxMs;
}

/** The one stricter action after `first`, for examples in refusals; undefined when nothing is stricter. */
function stricterThan(first: Action): Action | undefined {
  return first === 'limit' ? 'suspend' : undefined;
}

/**
 * Checks a proposal's second stage. `--then` and `--after` go together; the second stage must cut further than the
 * first (so only `limit --then suspend` exists today), after a delay inside the bounds. Refusals say how to write it.
 */
export function checkStage(request: StageRequest, domain: string, prefix: string, bounds: DurationBounds = STAGE_AFTER_BOUNDS): StageCheck {
  const { first, then, afterMs } = request;
  const example = `${prefix} propose ${domain} limit --then suspend --after 30d`;
  if (then === undefined && afterMs === undefined) return { ok: true };
  if (then === undefined) return { ok: false, reason: `--after says when a second stage applies, so it needs --then: write it like ${example}.` };
  if (afterMs === undefined) return { ok: false, reason: `--then ${then} needs --after, the time after the first stage is applied: write it like ${example}.` };
  if (first === 'lift') return { ok: false, reason: `A lift has no second stage; a second stage follows a limit: write it like ${example}.` };
  if (!isStricter(first, then)) {
    const stricter = stricterThan(first);
    const how = stricter
      ? `write it like ${prefix} propose ${domain} ${first} --then ${stricter} --after 30d`
      : `a second stage exists only after a limit: write it like ${example}`;
    return { ok: false, reason: `A second stage must cut further than the first, and ${then} does not go further than ${first}; ${how}.` };
  }
  if (!within(afterMs, bounds)) {
    return {
      ok: false,
      reason: `--after must be between ${formatDuration(bounds.minMs)} and ${formatDuration(bounds.maxMs)}; ${formatDuration(afterMs)} is outside that. Write it like --after 30d.`,
    };
  }
  return { ok: true, stage: { action: then, afterMs } };
}

/** Checks `--review` (per proposal) or governance.reviewAfter; undefined when it is fine. */
export function checkReviewAfter(ms: number, bounds: DurationBounds = REVIEW_AFTER_BOUNDS): string | undefined {
  if (within(ms, bounds)) return undefined;
  return `--review must be between ${formatDuration(bounds.minMs)} and ${formatDuration(bounds.maxMs)}; ${formatDuration(ms)} is outside that. Write it like --review 1y.`;
}

export interface StageSchedule {
  /** When the second stage is applied. */
  dueAt: number;
  /** When the rooms are reminded: `reminderLeadMs` before, but never before the first stage was applied. */
  remindAt: number;
}

/** The dates of a second stage, counted from when the first stage was applied on the instance. */
export function stageSchedule(firstAppliedAt: number, stage: SecondStage, reminderLeadMs: number): StageSchedule {
  const dueAt = firstAppliedAt + stage.afterMs;
  return { dueAt, remindAt: Math.max(firstAppliedAt, dueAt - reminderLeadMs) };
}

/** What happened to a pending second stage, as far as the rules are concerned. */
export type StageStep = 'wait' | 'remind' | 'apply';

/** What is due now for a pending second stage, given whether its reminder already went out. */
export function stageStepAt(now: number, schedule: StageSchedule, reminded: boolean): StageStep {
  if (now >= schedule.dueAt) return 'apply';
  if (now >= schedule.remindAt && !reminded) return 'remind';
  return 'wait';
}

export interface DecisionRef {
  number: number;
  domain: string;
  /** When it was approved (the close of its vote). */
  decidedAt: number;
}

/**
 * A newer vote on the domain speaks for the community: any later approved decision on the same domain (a lift, a
 * limit again, a suspend now) cancels the pending second stage of an earlier one. Later = approved after it, or the
 * same moment with a higher number (numbers only grow).
 */
export function supersedesStage(pending: DecisionRef, later: DecisionRef): boolean {
  if (later.domain !== pending.domain || later.number === pending.number) return false;
  return later.decidedAt > pending.decidedAt || (later.decidedAt === pending.decidedAt && later.number > pending.number);
}

/** The first later decision that supersedes a pending stage, if any. */
export function supersedingDecision(pending: DecisionRef, decisions: readonly DecisionRef[]): DecisionRef | undefined {
  return decisions.filter((d) => supersedesStage(pending, d)).sort((a, b) => a.decidedAt - b.decidedAt || a.number - b.number)[0];
}

/**
 * When a decision is due for review: its own `--review`, else governance.reviewAfter, counted from the decision (the
 * close of its vote); undefined when neither is set (reviews are off by default).
 */
export function reviewDueAt(decidedAt: number, ownReviewMs: number | undefined, defaultReviewMs: number | undefined): number | undefined {
  const after = ownReviewMs ?? defaultReviewMs;
  return after === undefined ? undefined : decidedAt + after;
}

/** A review reminder goes out once: when due, and only if not sent yet. */
export function reviewIsDue(now: number, dueAt: number | undefined, remindedAt: number | undefined): boolean {
  return dueAt !== undefined && remindedAt === undefined && now >= dueAt;
}
