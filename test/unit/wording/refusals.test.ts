// Every refusal a service can return is said by the one renderer: the sample table below is typed by kind, so a new
// kind without a sample does not compile, and each sample must read as a sentence (no empty text, no leaked value).
import { describe, expect, it } from 'vitest';
import type { Refusal } from '../../../bot/contracts/refusals.ts';
import { refusalText } from '../../../bot/wording/refusals.ts';
import { ENCRYPTION_FIX } from '../../../bot/wording/unreadable-notices.ts';
import { PREFIX } from './said.ts';

const HOUR = 60 * 60_000;
const OPEN = { id: 4, action: 'suspend', domain: 'threads.net', state: 'open' } as const;
const APPROVED = { ...OPEN, state: 'apply_failed' } as const;

const SAMPLES: { [K in Refusal['kind']]: Extract<Refusal, { kind: K }> } = {
  no_such_proposal: { kind: 'no_such_proposal', id: 9 },
  duration_out_of_range: { kind: 'duration_out_of_range', durationMs: 60 * 24 * HOUR, minMs: HOUR, maxMs: 30 * 24 * HOUR, defaultMs: 7 * 24 * HOUR },
  domain_has_active_proposal: { kind: 'domain_has_active_proposal', proposal: OPEN, domain: 'threads.net' },
  changes_nothing: {
    kind: 'changes_nothing', domain: 'threads.net', onInstance: true, blockListUnread: 'timeout',
    verdict: { kind: 'already', block: { id: '1', domain: 'threads.net', severity: 'suspend', rejectMedia: false, rejectReports: false, obfuscate: false, createdAt: '2025-03-14T09:26:53.000Z' } },
  },
  suspend_only_server: { kind: 'suspend_only_server', domain: 'threads.net' },
  needs_no_seconds: { kind: 'needs_no_seconds', proposal: OPEN },
  own_proposal: { kind: 'own_proposal', proposal: { ...OPEN, state: 'proposed' } },
  already_seconded: { kind: 'already_seconded', proposal: { ...OPEN, state: 'proposed' } },
  no_readable_room: { kind: 'no_readable_room', id: 4 },
  members_unreadable: { kind: 'members_unreadable', id: 4 },
  not_waiting_to_open: { kind: 'not_waiting_to_open', id: 4 },
  not_open_for_voting: { kind: 'not_open_for_voting', proposal: { ...OPEN, state: 'rejected' } },
  vote_closed: { kind: 'vote_closed', proposal: { ...OPEN, state: 'closed' } },
  not_open_to_close: { kind: 'not_open_to_close', proposal: { ...OPEN, state: 'withdrawn' } },
  not_the_proposer: { kind: 'not_the_proposer', proposal: OPEN, proposer: '@alice:example.social' },
  already_ended: { kind: 'already_ended', proposal: { ...OPEN, state: 'rejected' }, to: 'cancelled' },
  already_applied: { kind: 'already_applied', proposal: { ...OPEN, state: 'applied' } },
  not_approved: { kind: 'not_approved', proposal: { ...OPEN, state: 'no_quorum' } },
  changed_meanwhile: { kind: 'changed_meanwhile', proposal: APPROVED },
  being_applied: { kind: 'being_applied', proposal: { ...OPEN, state: 'applying' } },
  instance_unreachable: { kind: 'instance_unreachable' },
  instance_refused: { kind: 'instance_refused', what: 'give the impact figures', status: 403, answer: '403 Forbidden', needs: { scope: 'admin:read', permission: 'View Dashboard' } },
  bad_domain: { kind: 'bad_domain', reason: '"x" is not a domain' },
  bad_pledge_terms: { kind: 'bad_pledge_terms', reason: 'Give an amount.' },
  both_conditions: { kind: 'both_conditions' },
  bad_condition_domain: { kind: 'bad_condition_domain', text: 'nope', reason: '"nope" is not a domain' },
  no_such_pledge: { kind: 'no_such_pledge', id: 3 },
  pledge_not_standing: { kind: 'pledge_not_standing', id: 3, status: 'withdrawn' },
  not_a_handle: { kind: 'not_a_handle', handle: 'a b' },
  lookup_failed: { kind: 'lookup_failed' },
  account_elsewhere: { kind: 'account_elsewhere', acct: 'bob@other.example', host: 'other.example', ownDomain: 'example.social' },
  no_such_account: { kind: 'no_such_account', acct: 'nobody' },
  account_not_local: { kind: 'account_not_local', acct: 'bob@other.example' },
  account_taken: { kind: 'account_taken', acct: 'alice' },
  too_many_codes: { kind: 'too_many_codes', max: 3 },
  code_not_sent: { kind: 'code_not_sent' },
  no_code_waiting: { kind: 'no_code_waiting' },
  too_many_tries: { kind: 'too_many_tries' },
  wrong_code: { kind: 'wrong_code' },
  not_linked: { kind: 'not_linked' },
};

describe('the refusal renderer', () => {
  it.each(Object.values(SAMPLES))('says $kind as a sentence', (refusal) => {
    const text = refusalText(refusal, PREFIX);
    expect(text.length).toBeGreaterThan(10);
    expect(text).not.toMatch(/undefined|null|\[object|NaN/);
    expect(text.trim()).toBe(text);
  });

  it('says a few exactly as the chat always did', () => {
    const say = (kind: Refusal['kind']) => refusalText(SAMPLES[kind], PREFIX);
    expect(say('no_such_proposal')).toBe('There is no proposal 9.');
    expect(say('not_open_for_voting')).toBe('Proposal 4 (suspend threads.net) is not open for voting (it is rejected).');
    expect(say('duration_out_of_range')).toBe('A vote must run between 1h and 30d; --duration 60d is outside that. Write it like --duration 7d (the default).');
    expect(say('changed_meanwhile')).toBe('Proposal 4 (suspend threads.net) changed state meanwhile; try !moot status 4.');
    expect(say('instance_unreachable')).toBe('I could not ask the instance: the instance could not be reached');
    expect(say('changes_nothing')).toBe(
      "threads.net is already suspended on the instance since 2025-03-14 (not by a vote here). I could not read the instance's block list (timeout), so this was checked against the decision log only.",
    );
    expect(say('no_readable_room')).toBe(
      `Proposal 4 is recorded, but its vote cannot open: every room of the vote is encrypted, and I cannot read encrypted answers. To fix it, ${ENCRYPTION_FIX}; then a second opens the vote.`,
    );
    expect(say('no_such_pledge')).toBe('You have no pledge #3. `!moot pledges mine` lists yours.');
    expect(say('account_elsewhere')).toBe('@bob@other.example is an account on another instance (other.example); only accounts on this instance (example.social) can be linked.');
  });
});
