// The words of every refusal: the services return a refusal as data (bot/contracts/refusals.ts), and this one module
// says it, for every command alike. The table is typed by kind, so a new kind cannot go unsaid.
import { formatDuration } from '../../governance/duration.ts';
import type { Result } from '../contracts/ports.ts';
import type { Refusal } from '../contracts/refusals.ts';
import { message, paragraph, type Message } from '../contracts/message.ts';
import { changesNothingWords } from './check-words.ts';
import { proposalTitle, STATE_WORDS } from './describe.ts';
import { noReadableRoomReason } from './unreadable-notices.ts';

// Refusals that do not depend on the command: said by the dispatcher for every command that needs what is missing.
export const NO_INSTANCE = 'This bot has no Mastodon instance configured (the mastodon section of its config), so it cannot read or change blocks.';

/** Said beside a proposal (made or refused) when the instance's block list could not be read. */
export const blockListCaveat = (why: string): string =>
  `I could not read the instance's block list (${why}), so this was checked against the decision log only.`;

type Words = { [K in Refusal['kind']]: (refusal: Extract<Refusal, { kind: K }>, prefix: string) => string };

const WORDS: Words = {
  no_such_proposal: (r) => `There is no proposal ${r.id}.`,
  duration_out_of_range: (r) =>
    `A vote must run between ${formatDuration(r.minMs)} and ${formatDuration(r.maxMs)}; ` +
    `--duration ${formatDuration(r.durationMs)} is outside that. Write it like --duration ${formatDuration(r.defaultMs)} (the default).`,
  domain_has_active_proposal: (r) =>
    `${proposalTitle(r.proposal)} is already ${STATE_WORDS[r.proposal.state]} for ${r.domain}; only one proposal per domain can be open at a time.`,
  changes_nothing: (r, prefix) => {
    const words = changesNothingWords(r.domain, r.verdict, r.onInstance, prefix);
    return r.blockListUnread === undefined ? words : `${words} ${blockListCaveat(r.blockListUnread)}`;
  },
  suspend_only_server: (r) =>
    `This server can only suspend: a limit, --reject-media or --reject-reports cannot be applied on it. Propose ${r.domain} suspend instead.`,
  needs_no_seconds: (r) => `${proposalTitle(r.proposal)} is ${STATE_WORDS[r.proposal.state]}; it needs no more seconds.`,
  own_proposal: (r) => `You proposed ${proposalTitle(r.proposal)}; seconds must come from other members.`,
  already_seconded: (r) => `You have already seconded ${proposalTitle(r.proposal)}.`,
  no_readable_room: (r) => noReadableRoomReason(r.id),
  members_unreadable: (r) => `Proposal ${r.id} is recorded, but I could not read who is in the rooms to open its vote; staff can try again with a second.`,
  not_waiting_to_open: (r) => `Proposal ${r.id} is no longer waiting to open.`,
  not_open_for_voting: (r) => `${proposalTitle(r.proposal)} is not open for voting (it is ${STATE_WORDS[r.proposal.state]}).`,
  vote_closed: (r) => `The vote on ${proposalTitle(r.proposal)} has closed.`,
  not_open_to_close: (r) => `${proposalTitle(r.proposal)} is ${STATE_WORDS[r.proposal.state]}; only an open vote can be closed.`,
  not_the_proposer: (r) => `Only ${r.proposer}, who proposed it, can withdraw ${proposalTitle(r.proposal)}.`,
  already_ended: (r) => `${proposalTitle(r.proposal)} is ${STATE_WORDS[r.proposal.state]}; it can no longer be ${r.to}.`,

  already_applied: (r, prefix) => `${proposalTitle(r.proposal)} is already applied. ${prefix} sync shows whether the instance still matches.`,
  not_approved: (r) => `${proposalTitle(r.proposal)} is ${r.proposal.state.replace('_', ' ')}; only an approved decision can be applied.`,
  changed_meanwhile: (r, prefix) => `${proposalTitle(r.proposal)} changed state meanwhile; try ${prefix} status ${r.proposal.id}.`,
  being_applied: (r) => `${proposalTitle(r.proposal)} is being applied right now; the result follows in the proposal's rooms.`,
  instance_unreachable: (r) => `I could not ask the instance: ${r.detail ?? 'the instance could not be reached'}`,
  // A refused token is never "not available": hiding it would leave staff believing the server lacks a feature
  // while the token merely lacks a right.
  instance_refused: (r) => {
    const fix = r.status === 401
      ? "the bot's token is not accepted (revoked, expired or mistyped): put a valid admin token in mastodon.accessToken"
      : `the bot's token needs the ${r.needs.scope} scope, and its account the ${r.needs.permission} permission`;
    return `The instance refused to ${r.what} (it answered ${r.answer}): ${fix}; fedimoot check -c config.yaml says which is missing.`;
  },
  bad_domain: (r) => r.reason,

  bad_pledge_terms: (r) => r.reason,
  both_conditions: () => 'Give either --while or --while-suspended, not both.',
  bad_condition_domain: (r) => `--while ${r.text}: ${r.reason}`,
  no_such_pledge: (r, prefix) => `You have no pledge #${r.id}. \`${prefix} pledges mine\` lists yours.`,
  pledge_not_standing: (r) => `Pledge #${r.id} is ${r.status.replace('_', ' ')} already.`,

  not_a_handle: (r, prefix) => `"${r.handle}" is not an account handle. Write it like ${prefix} link @alice@your.instance`,
  lookup_failed: () => 'I could not reach the instance to look the account up; try again later.',
  account_elsewhere: (r) => `@${r.acct} is an account on another instance (${r.host}); only accounts on this instance (${r.ownDomain}) can be linked.`,
  no_such_account: (r) => `There is no account ${r.acct} on the instance.`,
  account_not_local: (r) => `${r.acct} is an account on another instance; only local accounts can be linked.`,
  account_taken: (r) => `@${r.acct} is already linked to another Matrix account.`,
  too_many_codes: (r) => `You asked for ${r.max} codes in the last hour; wait a while before asking again.`,
  code_not_sent: () => 'I could not send the code on the instance; try again later.',
  no_code_waiting: (_r, prefix) => `You have no code waiting (it expired or was used). Start with ${prefix} link @you@your.instance`,
  too_many_tries: (_r, prefix) => `Too many wrong tries for this code; ask for a new one with ${prefix} link.`,
  wrong_code: () => 'That code is not right. Check the direct message on the instance and try again.',
  not_linked: () => 'Your Matrix account is not linked.',
};

/** The sentence for a refusal; `prefix`: the command prefix, for refusals that say what to write instead. */
export function refusalText(refusal: Refusal, prefix: string): string {
  const words = WORDS[refusal.kind] as (r: Refusal, prefix: string) => string;
  return words(refusal, prefix);
}

/** A refusal as a one-paragraph message. */
export const refusalMessage = (refusal: Refusal, prefix: string): Message => message(paragraph(refusalText(refusal, prefix)));

/** A service's result in words: its value by `words`, its refusal by the table above. */
export function inWords<T>(result: Result<T, Refusal>, prefix: string, words: (value: T) => string): Result<string> {
  return result.ok ? { ok: true, value: words(result.value) } : { ok: false, reason: refusalText(result.reason, prefix) };
}
