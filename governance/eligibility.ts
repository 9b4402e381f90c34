// Who may vote on a proposal, fixed when its poll opens (DESIGN.md "Eligibility"): the joined members of its rooms
// at that moment, minus the bot and ignored accounts, and optionally only members with a verified, old-enough
// local Mastodon account. The snapshot and the explanation share one rule so they can never disagree.

const DAY_MS = 86_400_000;

export interface LinkedAccount {
  /** When the local Mastodon account was created, ms since the epoch. */
  createdAt: number;
  suspended: boolean;
  disabled: boolean;
  /** The instance did not show the account when the poll opened: its standing is unknown, so it gives no vote. */
  unreadable?: boolean;
}

export interface LinkedAccountRule {
  required: boolean;
  minAccountAgeDays: number;
  /** Verified links only: Matrix user id → their local Mastodon account. */
  accounts: ReadonlyMap<string, LinkedAccount>;
  /** The time the poll opened, ms since the epoch. */
  now: number;
}

export interface EligibilityInput {
  /** Joined members of each room of the proposal (member and staff rooms) when the poll opened. */
  roomMembers: readonly (readonly string[])[];
  botUserId: string;
  /** Exact user ids or glob patterns: `*` matches any run of characters, `?` exactly one (Matrix policy globs). */
  ignoredUsers: readonly string[];
  linked?: LinkedAccountRule;
}

export type IneligibilityCode =
  | 'bot'
  | 'ignored'
  | 'not_member'
  | 'not_linked'
  | 'account_unreadable'
  | 'account_suspended'
  | 'account_disabled'
  | 'account_too_young';

export type EligibilityVerdict = { eligible: true } | { eligible: false; code: IneligibilityCode; reason: string };

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** A matcher for the ignore list, built once: exact ids by set lookup, globs by regular expression. */
export function ignoredUserMatcher(patterns: readonly string[]): (userId: string) => boolean {
  const exact = new Set(patterns.filter((p) => !/[*?]/.test(p)));
  const globs = patterns.filter((p) => /[*?]/.test(p)).map(globToRegExp);
  return (userId) => exact.has(userId) || globs.some((glob) => glob.test(userId));
}

interface PreparedInput {
  members: ReadonlySet<string>;
  isIgnored: (userId: string) => boolean;
  botUserId: string;
  linked: LinkedAccountRule | undefined;
}

function prepare(input: EligibilityInput): PreparedInput {
  return {
    members: new Set(input.roomMembers.flat()),
    isIgnored: ignoredUserMatcher(input.ignoredUsers),
    botUserId: input.botUserId,
    linked: input.linked,
  };
}

function formatDays(ms: number): string {
  const days = Math.max(0, Math.floor(ms / DAY_MS));
  return days === 1 ? '1 day' : `${days} days`;
}

function verdict(userId: string, p: PreparedInput): EligibilityVerdict {
  const no = (code: IneligibilityCode, reason: string): EligibilityVerdict => ({ eligible: false, code, reason });
  if (userId === p.botUserId) return no('bot', 'the bot itself does not vote');
  if (p.isIgnored(userId)) return no('ignored', 'this account is on the ignore list (bots and bridges) in the configuration');
  if (!p.members.has(userId)) {
    return no(
      'not_member',
      'not a member of the proposal’s rooms when the poll opened; eligibility is fixed then, joining later gives no vote on it',
    );
  }
  const rule = p.linked;
  if (rule === undefined || !rule.required) return { eligible: true };
  const account = rule.accounts.get(userId);
  if (account === undefined) {
    return no('not_linked', 'no verified local Mastodon account linked; link one with !moot link and !moot verify');
  }
  if (account.unreadable) return no('account_unreadable', 'the linked Mastodon account could not be read on the instance when the poll opened');
  if (account.suspended) return no('account_suspended', 'the linked Mastodon account is suspended');
  if (account.disabled) return no('account_disabled', 'the linked Mastodon account is disabled');
  const age = rule.now - account.createdAt;
  if (age < rule.minAccountAgeDays * DAY_MS) {
    return no(
      'account_too_young',
      `the linked Mastodon account was ${formatDays(age)} old when the poll opened; it must be at least ${rule.minAccountAgeDays} days old`,
    );
  }
  return { eligible: true };
}

/** The eligible voters: unique, sorted by plain code-unit order so snapshots compare and hash stably. */
export function eligibilitySnapshot(input: EligibilityInput): string[] {
  const prepared = prepare(input);
  return [...prepared.members].filter((userId) => verdict(userId, prepared).eligible).sort();
}

/** Whether `userId` is eligible under the inputs of a snapshot, and if not, why (first failing rule). */
export function explainEligibility(userId: string, input: EligibilityInput): EligibilityVerdict {
  return verdict(userId, prepare(input));
}
