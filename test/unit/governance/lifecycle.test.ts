import { describe, expect, it } from 'vitest';
import type { LifecycleEvent } from '../../../governance/lifecycle.ts';
import { allowedEvents, isActive, isCounting, isDecided, isFinal, transition } from '../../../governance/lifecycle.ts';
import type { ProposalState } from '../../../governance/types.ts';

const STATES: ProposalState[] = [
  'proposed',
  'open',
  'closed',
  'approved',
  'rejected',
  'no_quorum',
  'withdrawn',
  'cancelled',
  'applying',
  'applied',
  'apply_failed',
];

const EVENTS: LifecycleEvent[] = [
  { type: 'seconded_enough' },
  { type: 'open' },
  { type: 'close' },
  { type: 'count', outcome: 'approved' },
  { type: 'count', outcome: 'rejected' },
  { type: 'count', outcome: 'no_quorum' },
  { type: 'withdraw' },
  { type: 'cancel' },
  { type: 'start_apply' },
  { type: 'applied' },
  { type: 'apply_failed' },
  { type: 'retry_apply' },
];

/** Every allowed transition of DESIGN.md's lifecycle; everything else must be refused. */
const ALLOWED: [ProposalState, LifecycleEvent, ProposalState][] = [
  ['proposed', { type: 'seconded_enough' }, 'open'],
  ['proposed', { type: 'open' }, 'open'],
  ['proposed', { type: 'withdraw' }, 'withdrawn'],
  ['proposed', { type: 'cancel' }, 'cancelled'],
  ['open', { type: 'close' }, 'closed'],
  ['open', { type: 'withdraw' }, 'withdrawn'],
  ['open', { type: 'cancel' }, 'cancelled'],
  ['closed', { type: 'count', outcome: 'approved' }, 'approved'],
  ['closed', { type: 'count', outcome: 'rejected' }, 'rejected'],
  ['closed', { type: 'count', outcome: 'no_quorum' }, 'no_quorum'],
  ['approved', { type: 'start_apply' }, 'applying'],
  ['applying', { type: 'applied' }, 'applied'],
  ['applying', { type: 'apply_failed' }, 'apply_failed'],
  ['apply_failed', { type: 'retry_apply' }, 'applying'],
];

const key = (state: ProposalState, event: LifecycleEvent): string =>
  `${state} ${event.type}${event.type === 'count' ? `:${event.outcome}` : ''}`;
const allowedKeys = new Set(ALLOWED.map(([state, event]) => key(state, event)));
const REFUSED = STATES.flatMap((state) =>
  EVENTS.filter((event) => !allowedKeys.has(key(state, event))).map((event) => [state, event] as const),
);

describe('transition', () => {
  it.each(ALLOWED)('%s --%o--> %s', (from, event, to) => {
    expect(transition(from, event)).toEqual({ ok: true, state: to });
  });

  it.each(REFUSED)('%s refuses %o with a reason', (from, event) => {
    const result = transition(from, event);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/proposal|apply/);
  });

  it('refuses every pair that is not allowed (the table covers the whole matrix)', () => {
    expect(ALLOWED.length + REFUSED.length).toBe(STATES.length * EVENTS.length);
  });

  it.each([
    ['closed', { type: 'close' }, 'proposal is already closed'],
    ['closed', { type: 'withdraw' }, 'proposal is already closed'],
    ['approved', { type: 'cancel' }, 'proposal is already closed (approved)'],
    ['open', { type: 'open' }, 'proposal is already open'],
    ['open', { type: 'count', outcome: 'approved' }, 'proposal is still open'],
    ['proposed', { type: 'close' }, 'proposal is not open yet (it still needs seconds)'],
    ['withdrawn', { type: 'cancel' }, 'proposal was withdrawn'],
    ['cancelled', { type: 'withdraw' }, 'proposal was cancelled'],
    ['closed', { type: 'start_apply' }, 'proposal is closed but not counted yet'],
    ['rejected', { type: 'start_apply' }, 'proposal is already closed (rejected); only approved proposals are applied'],
    ['applied', { type: 'start_apply' }, 'proposal is already applied'],
    ['applying', { type: 'start_apply' }, 'proposal is being applied'],
    ['apply_failed', { type: 'start_apply' }, 'applying this proposal failed; retry it'],
    ['approved', { type: 'retry_apply' }, 'proposal is already closed (approved); only a failed apply can be retried'],
  ] as [ProposalState, LifecycleEvent, string][])('%s + %o → "%s"', (from, event, reason) => {
    expect(transition(from, event)).toEqual({ ok: false, reason });
  });
});

describe('state predicates', () => {
  it.each([
    ['proposed', true, false, false, true],
    ['open', true, false, false, true],
    ['closed', false, false, false, true],
    ['approved', false, false, true, false],
    ['rejected', false, true, true, false],
    ['no_quorum', false, true, true, false],
    ['withdrawn', false, true, false, false],
    ['cancelled', false, true, false, false],
    ['applying', false, false, true, false],
    ['applied', false, true, true, false],
    ['apply_failed', false, false, true, false],
  ] as [ProposalState, boolean, boolean, boolean, boolean][])(
    '%s: active %s, final %s, decided %s, counting %s',
    (state, active, final, decided, counting) => {
      expect(isActive(state)).toBe(active);
      expect(isFinal(state)).toBe(final);
      expect(isDecided(state)).toBe(decided);
      expect(isCounting(state)).toBe(counting);
    },
  );

  it.each([
    ['proposed', ['seconded_enough', 'open', 'withdraw', 'cancel']],
    ['open', ['close', 'withdraw', 'cancel']],
    ['closed', ['count']],
    ['approved', ['start_apply']],
    ['applying', ['applied', 'apply_failed']],
    ['apply_failed', ['retry_apply']],
    ['applied', []],
  ] as [ProposalState, string[]][])('allowedEvents(%s) = %j', (state, events) => {
    expect(allowedEvents(state)).toEqual(events);
  });
});
