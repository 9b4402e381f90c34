// The proposal state machine of DESIGN.md ("Lifecycle of a proposal"). Refusals are values with a reason a person
// can read, never exceptions: a refused transition is an ordinary answer to a chat command.
// This is the only way a proposal's state changes: storage/proposals.ts `advance` applies an event here in the same
// transaction as its fields and outbox jobs. Two states are reached by no event: a proposal is created `proposed`,
// and an instance's existing block is recorded directly as `applied` (bot/decisions/import.ts), decided before the bot.

import type { Outcome, ProposalState } from './types.ts';

export type LifecycleEvent =
  | { type: 'seconded_enough' }
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'count'; outcome: Outcome }
  | { type: 'withdraw' }
  | { type: 'cancel' }
  | { type: 'start_apply' }
  | { type: 'applied' }
  | { type: 'apply_failed' }
  | { type: 'retry_apply' };

export type LifecycleEventType = LifecycleEvent['type'];

export type TransitionResult = { ok: true; state: ProposalState } | { ok: false; reason: string };

/** Every allowed move: event type → the states it may start from. `count` goes to its outcome. */
const ALLOWED_FROM: Record<LifecycleEventType, readonly ProposalState[]> = {
  seconded_enough: ['proposed'],
  open: ['proposed'],
  close: ['open'],
  count: ['closed'],
  withdraw: ['proposed', 'open'],
  cancel: ['proposed', 'open'],
  start_apply: ['approved'],
  applied: ['applying'],
  apply_failed: ['applying'],
  retry_apply: ['apply_failed'],
};

const TARGET: Record<Exclude<LifecycleEventType, 'count'>, ProposalState> = {
  seconded_enough: 'open',
  open: 'open',
  close: 'closed',
  withdraw: 'withdrawn',
  cancel: 'cancelled',
  start_apply: 'applying',
  applied: 'applied',
  apply_failed: 'apply_failed',
  retry_apply: 'applying',
};

/** Why a proposal in this state cannot take an event, in words for chat. */
const STATE_PHRASE: Record<ProposalState, string> = {
  proposed: 'proposal is not open yet (it still needs seconds)',
  open: 'proposal is still open',
  closed: 'proposal is already closed',
  approved: 'proposal is already closed (approved)',
  rejected: 'proposal is already closed (rejected)',
  no_quorum: 'proposal is already closed (no quorum)',
  withdrawn: 'proposal was withdrawn',
  cancelled: 'proposal was cancelled',
  applying: 'proposal is being applied',
  applied: 'proposal is already applied',
  apply_failed: 'applying this proposal failed; retry it',
};

/** Overrides where the generic phrase would read wrongly for the attempted event. */
function refusalReason(state: ProposalState, event: LifecycleEventType): string {
  if (state === 'open' && (event === 'open' || event === 'seconded_enough')) return 'proposal is already open';
  if (state === 'closed' && (event === 'start_apply' || event === 'applied' || event === 'apply_failed')) {
    return 'proposal is closed but not counted yet';
  }
  if (state === 'rejected' || state === 'no_quorum') {
    if (event === 'start_apply' || event === 'retry_apply') return `${STATE_PHRASE[state]}; only approved proposals are applied`;
  }
  if (event === 'retry_apply' && state !== 'apply_failed') {
    return `${STATE_PHRASE[state]}; only a failed apply can be retried`;
  }
  return STATE_PHRASE[state];
}

export function transition(state: ProposalState, event: LifecycleEvent): TransitionResult {
  if (!ALLOWED_FROM[event.type].includes(state)) return { ok: false, reason: refusalReason(state, event.type) };
  return { ok: true, state: event.type === 'count' ? event.outcome : TARGET[event.type] };
}

/** Event types a proposal in `state` accepts, e.g. to decide which commands to offer. */
export function allowedEvents(state: ProposalState): LifecycleEventType[] {
  return (Object.keys(ALLOWED_FROM) as LifecycleEventType[]).filter((type) => ALLOWED_FROM[type].includes(state));
}

/** Proposed or open: can still be seconded, voted on, withdrawn or cancelled; blocks another proposal on the domain. */
export function isActive(state: ProposalState): boolean {
  return state === 'proposed' || state === 'open';
}

/**
 * Proposed, open, or closed and not yet counted: responses may still arrive that change its count. Once counted (or
 * withdrawn or cancelled) its votes are history: the outcome was taken from them and stored.
 */
export function isCounting(state: ProposalState): boolean {
  return isActive(state) || state === 'closed';
}

/** No event moves the proposal on any more. */
export function isFinal(state: ProposalState): boolean {
  return allowedEvents(state).length === 0;
}

/** Closed and counted: the proposal has an outcome and belongs in the decision log. */
export function isDecided(state: ProposalState): boolean {
  return (
    state === 'approved' ||
    state === 'rejected' ||
    state === 'no_quorum' ||
    state === 'applying' ||
    state === 'applied' ||
    state === 'apply_failed'
  );
}
