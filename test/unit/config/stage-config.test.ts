// governance.reviewAfter (off by default) and governance.stageReminderBefore (default 7d), validated by key path.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../bot/config/index.ts';
import { stringify } from 'yaml';
import { configErrors, minimalTree, treeWith } from './config-fixtures.ts';

const DAY = 86_400_000;

describe('review and stage reminder settings', () => {
  it('defaults: no review dates, a stage reminder a week before', () => {
    const config = parseConfig(stringify(minimalTree()), {});
    expect(config.governance.reviewAfter).toBeUndefined();
    expect(config.governance.stageReminderBefore).toBe(7 * DAY);
  });
  it('takes a review delay of a year and a stage reminder of 0 (none)', () => {
    const config = parseConfig(stringify(treeWith({ 'governance.reviewAfter': '1y', 'governance.stageReminderBefore': '0' })), {});
    expect(config.governance.reviewAfter).toBe(365 * DAY);
    expect(config.governance.stageReminderBefore).toBe(0);
  });
  it('refuses a review delay outside a week to five years, naming the key', () => {
    expect(configErrors(treeWith({ 'governance.reviewAfter': '2d' }))).toEqual(['governance.reviewAfter: expected a duration from 7d to 1825d, got "2d"']);
    expect(configErrors(treeWith({ 'governance.stageReminderBefore': 'soon' }))).toEqual(['governance.stageReminderBefore: expected a duration like 7d, 36h or 90m, got "soon"']);
  });
});
