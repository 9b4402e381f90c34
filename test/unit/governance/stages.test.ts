import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../governance/duration.ts';
import {
  checkReviewAfter,
  checkStage,
  reviewDueAt,
  reviewIsDue,
  stageSchedule,
  stageStepAt,
  supersedesStage,
  supersedingDecision,
} from '../../../governance/stages.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-10T12:00:00Z');
const days = (n: number) => n * DAY;

describe('checkStage', () => {
  it('accepts limit then suspend after 30 days, the documented example', () => {
    expect(checkStage({ first: 'limit', then: 'suspend', afterMs: days(30) }, 'x.example', '!moot')).toEqual({ ok: true, stage: { action: 'suspend', afterMs: days(30) } });
  });
  it('has no second stage when neither option is given', () => {
    expect(checkStage({ first: 'suspend' }, 'x.example', '!moot')).toEqual({ ok: true });
  });
  it('refuses --then without --after, saying how to write it', () => {
    expect(checkStage({ first: 'limit', then: 'suspend' }, 'x.example', '!moot')).toEqual({
      ok: false,
      reason: '--then suspend needs --after, the time after the first stage is applied: write it like !moot propose x.example limit --then suspend --after 30d.',
    });
  });
  it('refuses --after without --then', () => {
    expect(checkStage({ first: 'limit', afterMs: days(30) }, 'x.example', '!moot')).toEqual({
      ok: false,
      reason: '--after says when a second stage applies, so it needs --then: write it like !moot propose x.example limit --then suspend --after 30d.',
    });
  });
  it('refuses a second stage that is not stricter', () => {
    expect(checkStage({ first: 'suspend', then: 'limit', afterMs: days(30) }, 'x.example', '!moot')).toEqual({
      ok: false,
      reason: 'A second stage must cut further than the first, and limit does not go further than suspend; a second stage exists only after a limit: write it like !moot propose x.example limit --then suspend --after 30d.',
    });
    expect(checkStage({ first: 'limit', then: 'lift', afterMs: days(30) }, 'x.example', '!moot')).toEqual({
      ok: false,
      reason: 'A second stage must cut further than the first, and lift does not go further than limit; write it like !moot propose x.example limit --then suspend --after 30d.',
    });
    expect(checkStage({ first: 'limit', then: 'limit', afterMs: days(30) }, 'x.example', '!moot').ok).toBe(false);
    expect(checkStage({ first: 'lift', then: 'suspend', afterMs: days(30) }, 'x.example', '!moot')).toEqual({
      ok: false,
      reason: 'A lift has no second stage; a second stage follows a limit: write it like !moot propose x.example limit --then suspend --after 30d.',
    });
  });
  it('keeps --after between a day and two years, and its example inside', () => {
    expect(checkStage({ first: 'limit', then: 'suspend', afterMs: 3_600_000 }, 'x.example', '!moot')).toEqual({
      ok: false,
      reason: '--after must be between 1d and 730d; 1h is outside that. Write it like --after 30d.',
    });
    expect(checkStage({ first: 'limit', then: 'suspend', afterMs: days(731) }, 'x.example', '!moot').ok).toBe(false);
    expect(checkStage({ first: 'limit', then: 'suspend', afterMs: days(1) }, 'x.example', '!moot').ok).toBe(true);
    expect(checkStage({ first: 'limit', then: 'suspend', afterMs: days(730) }, 'x.example', '!moot').ok).toBe(true);
  });
  it('takes other bounds (short ones for tests of the whole bot)', () => {
    expect(checkStage({ first: 'limit', then: 'suspend', afterMs: 5_000 }, 'x.example', '!moot', { minMs: 1_000, maxMs: 60_000 }).ok).toBe(true);
  });
});

describe('checkReviewAfter', () => {
  it('accepts 1y, the documented example', () => {
    const year = parseDuration('1y');
    expect(year).toEqual({ ok: true, ms: days(365) });
    expect(checkReviewAfter(days(365))).toBeUndefined();
  });
  it('refuses a review sooner than a week or later than five years', () => {
    expect(checkReviewAfter(days(2))).toBe('--review must be between 7d and 1825d; 2d is outside that. Write it like --review 1y.');
    expect(checkReviewAfter(days(1826))).toBeDefined();
  });
});

describe('stage schedule on a fake clock', () => {
  const stage = { action: 'suspend' as const, afterMs: days(30) };
  const schedule = stageSchedule(T0, stage, days(7));
  it('falls due the given time after the first stage was applied, with a reminder a week before', () => {
    expect(schedule).toEqual({ dueAt: T0 + days(30), remindAt: T0 + days(23) });
  });
  it('never reminds before the first stage is applied, when the lead is longer than the stage', () => {
    expect(stageSchedule(T0, { action: 'suspend', afterMs: days(3) }, days(7))).toEqual({ dueAt: T0 + days(3), remindAt: T0 });
  });
  it('waits, reminds once, then applies', () => {
    expect(stageStepAt(T0 + days(1), schedule, false)).toBe('wait');
    expect(stageStepAt(T0 + days(23) - 1, schedule, false)).toBe('wait');
    expect(stageStepAt(T0 + days(23), schedule, false)).toBe('remind');
    expect(stageStepAt(T0 + days(25), schedule, true)).toBe('wait');
    expect(stageStepAt(T0 + days(30), schedule, true)).toBe('apply');
    // A bot that was down over the reminder still applies on the date; it does not remind after the fact.
    expect(stageStepAt(T0 + days(31), schedule, false)).toBe('apply');
  });
});

describe('supersede rule', () => {
  const pending = { number: 4, domain: 'x.example', decidedAt: T0 };
  it('a later approved decision on the same domain supersedes the pending stage', () => {
    expect(supersedesStage(pending, { number: 9, domain: 'x.example', decidedAt: T0 + days(10) })).toBe(true);
  });
  it('a decision on another domain, an earlier one, or the decision itself does not', () => {
    expect(supersedesStage(pending, { number: 9, domain: 'y.example', decidedAt: T0 + days(10) })).toBe(false);
    expect(supersedesStage(pending, { number: 2, domain: 'x.example', decidedAt: T0 - days(10) })).toBe(false);
    expect(supersedesStage(pending, pending)).toBe(false);
  });
  it('at the same moment the higher number is the later one', () => {
    expect(supersedesStage(pending, { number: 5, domain: 'x.example', decidedAt: T0 })).toBe(true);
    expect(supersedesStage(pending, { number: 3, domain: 'x.example', decidedAt: T0 })).toBe(false);
  });
  it('names the first superseding decision', () => {
    const found = supersedingDecision(pending, [
      { number: 12, domain: 'x.example', decidedAt: T0 + days(20) },
      { number: 7, domain: 'x.example', decidedAt: T0 + days(5) },
      { number: 8, domain: 'y.example', decidedAt: T0 + days(1) },
    ]);
    expect(found?.number).toBe(7);
    expect(supersedingDecision(pending, [])).toBeUndefined();
  });
});

describe('review due', () => {
  it('is off by default', () => {
    expect(reviewDueAt(T0, undefined, undefined)).toBeUndefined();
    expect(reviewIsDue(T0 + days(10_000), undefined, undefined)).toBe(false);
  });
  it('counts the proposal’s own --review before governance.reviewAfter', () => {
    expect(reviewDueAt(T0, days(365), days(730))).toBe(T0 + days(365));
    expect(reviewDueAt(T0, undefined, days(730))).toBe(T0 + days(730));
  });
  it('fires once: when due, and not after it was sent', () => {
    const due = T0 + days(365);
    expect(reviewIsDue(due - 1, due, undefined)).toBe(false);
    expect(reviewIsDue(due, due, undefined)).toBe(true);
    expect(reviewIsDue(due + days(1), due, due)).toBe(false);
  });
});
