import { describe, expect, it } from 'vitest';
import type {
  EligibilityInput,
  IneligibilityCode,
  LinkedAccount,
  LinkedAccountRule,
} from '../../../governance/eligibility.ts';
import { eligibilitySnapshot, explainEligibility, ignoredUserMatcher } from '../../../governance/eligibility.ts';

const DAY = 86_400_000;
const NOW = 1_700_000_000_000;
const BOT = '@moot:example.social';

function account(ageDays: number, extra: Partial<LinkedAccount> = {}): LinkedAccount {
  return { createdAt: NOW - ageDays * DAY, suspended: false, disabled: false, ...extra };
}

const BASE: EligibilityInput = {
  roomMembers: [
    ['@carol:example.social', '@alice:example.social', BOT, '@telegram_bridge:example.org'],
    ['@alice:example.social', '@bob:example.social', '@irc_bridge:example.org', '@spam:example.social'],
  ],
  botUserId: BOT,
  ignoredUsers: ['@*_bridge:example.org', '@spam:example.social'],
};

const LINKED_RULE: LinkedAccountRule = {
  required: true,
  minAccountAgeDays: 30,
  now: NOW,
  accounts: new Map([
    ['@alice:example.social', account(30)],
    ['@bob:example.social', account(29.9)],
    ['@carol:example.social', account(400, { suspended: true })],
    ['@dave:example.social', account(400)],
  ]),
};
const LINKED: EligibilityInput = { ...BASE, linked: LINKED_RULE };

describe('eligibilitySnapshot', () => {
  it.each<[string, EligibilityInput, string[]]>([
    [
      'union of rooms, sorted and unique, minus the bot and ignored accounts',
      BASE,
      ['@alice:example.social', '@bob:example.social', '@carol:example.social'],
    ],
    ['linked accounts required: only old-enough active accounts (exactly 30 days is enough)', LINKED, ['@alice:example.social']],
    ['linked rule present but not required changes nothing', { ...LINKED, linked: { ...LINKED_RULE, required: false } }, [
      '@alice:example.social',
      '@bob:example.social',
      '@carol:example.social',
    ]],
    ['no rooms, nobody', { ...BASE, roomMembers: [] }, []],
    ['sorting is by code unit, not locale', { ...BASE, roomMembers: [['@b:x', '@B:x', '@a:x']] }, ['@B:x', '@a:x', '@b:x']],
  ])('%s', (_case, input, expected) => {
    expect(eligibilitySnapshot(input)).toEqual(expected);
  });
});

describe('explainEligibility says why someone cannot vote', () => {
  it.each<[string, EligibilityInput, IneligibilityCode | 'eligible', RegExp | undefined]>([
    ['@alice:example.social', BASE, 'eligible', undefined],
    [BOT, BASE, 'bot', /bot itself/],
    ['@telegram_bridge:example.org', BASE, 'ignored', /ignore list/],
    ['@spam:example.social', BASE, 'ignored', /ignore list/],
    ['@latecomer:example.social', BASE, 'not_member', /when the poll opened; .*joining later gives no vote/],
    ['@alice:example.social', LINKED, 'eligible', undefined],
    ['@bob:example.social', LINKED, 'account_too_young', /29 days old when the poll opened; it must be at least 30 days old/],
    ['@carol:example.social', LINKED, 'account_suspended', /suspended/],
    ['@dave:example.social', LINKED, 'not_member', /not a member/],
    [
      '@alice:example.social',
      { ...LINKED, linked: { ...LINKED_RULE, accounts: new Map() } },
      'not_linked',
      /no verified local Mastodon account linked; link one with !moot link/,
    ],
    [
      '@alice:example.social',
      { ...LINKED, linked: { ...LINKED_RULE, accounts: new Map([['@alice:example.social', account(99, { unreadable: true })]]) } },
      'account_unreadable',
      /could not be read on the instance when the poll opened/,
    ],
    [
      '@alice:example.social',
      { ...LINKED, linked: { ...LINKED_RULE, accounts: new Map([['@alice:example.social', account(99, { disabled: true })]]) } },
      'account_disabled',
      /disabled/,
    ],
  ])('%s', (userId, input, expected, reason) => {
    const verdict = explainEligibility(userId, input);
    if (expected === 'eligible') {
      expect(verdict).toEqual({ eligible: true });
      return;
    }
    expect(verdict).toMatchObject({ eligible: false, code: expected });
    if (!verdict.eligible) expect(verdict.reason).toMatch(reason ?? /./);
  });

  it('agrees with the snapshot for everyone in the rooms', () => {
    for (const input of [BASE, LINKED]) {
      const snapshot = new Set(eligibilitySnapshot(input));
      for (const userId of input.roomMembers.flat()) {
        expect(explainEligibility(userId, input).eligible).toBe(snapshot.has(userId));
      }
    }
  });
});

describe('ignoredUserMatcher', () => {
  it.each<[string, string, boolean]>([
    ['@spam:example.social', '@spam:example.social', true],
    ['@spam:example.social', '@spammer:example.social', false],
    ['@*_bridge:example.org', '@telegram_bridge:example.org', true],
    ['@*_bridge:example.org', '@telegram_bridge:example.org.evil', false],
    ['@*_bridge:example.org', '@bridge:example.org', false],
    ['@bot?:x', '@bot1:x', true],
    ['@bot?:x', '@bot12:x', false],
    ['@a.b:x', '@aXb:x', false],
    ['@*:bridges.example', '@anyone:bridges.example', true],
  ])('%s matches %s: %s', (pattern, userId, expected) => {
    expect(ignoredUserMatcher([pattern])(userId)).toBe(expected);
  });
});
