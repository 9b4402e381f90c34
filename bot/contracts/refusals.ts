// Why a service refused, as data: the services say what is the case, bot/wording/refusals.ts says it in words
// (Draupnir's executor/renderer split). Each kind carries the facts its sentence needs, nothing rendered.
import type { ProposalVerdict } from '../../governance/proposal-check.ts';
import type { Action, ProposalState } from '../../governance/types.ts';
import type { PledgeStatus } from '../../storage/pledges.ts';

/** What names a proposal in a refusal: its title and the state it is in. */
export interface ProposalRef {
  id: number;
  action: Action;
  domain: string;
  state: ProposalState;
}

export const proposalRef = (p: ProposalRef): ProposalRef => ({ id: p.id, action: p.action, domain: p.domain, state: p.state });

/** No proposal has that number (any command naming one). */
export interface NoSuchProposal {
  kind: 'no_such_proposal';
  id: number;
}

export type ProposalRefusal =
  | NoSuchProposal
  | { kind: 'duration_out_of_range'; durationMs: number; minMs: number; maxMs: number; defaultMs: number }
  | { kind: 'domain_has_active_proposal'; proposal: ProposalRef; domain: string }
  /** The proposal would change nothing (governance/proposal-check.ts); `onInstance`: checked on the instance's list. */
  | { kind: 'changes_nothing'; domain: string; verdict: Exclude<ProposalVerdict, { kind: 'ok' }>; onInstance: boolean; blockListUnread?: string }
  | { kind: 'suspend_only_server'; domain: string }
  | { kind: 'needs_no_seconds'; proposal: ProposalRef }
  | { kind: 'own_proposal'; proposal: ProposalRef }
  | { kind: 'already_seconded'; proposal: ProposalRef }
  | { kind: 'no_readable_room'; id: number }
  | { kind: 'members_unreadable'; id: number }
  | { kind: 'not_waiting_to_open'; id: number }
  | { kind: 'not_open_for_voting'; proposal: ProposalRef }
  | { kind: 'vote_closed'; proposal: ProposalRef }
  | { kind: 'not_open_to_close'; proposal: ProposalRef }
  | { kind: 'not_the_proposer'; proposal: ProposalRef; proposer: string }
  | { kind: 'already_ended'; proposal: ProposalRef; to: 'withdrawn' | 'cancelled' };

export type InstanceRefusal =
  | NoSuchProposal
  | { kind: 'already_applied'; proposal: ProposalRef }
  | { kind: 'not_approved'; proposal: ProposalRef }
  | { kind: 'changed_meanwhile'; proposal: ProposalRef }
  | { kind: 'being_applied'; proposal: ProposalRef }
  /** `detail`: the gateway's words for what went wrong, when it was an instance error. */
  | { kind: 'instance_unreachable'; detail?: string }
  /** The instance answered 401/403: `answer` is what it said, `needs` what the request needs of the token. */
  | { kind: 'instance_refused'; what: string; status: number; answer: string; needs: { scope: string; permission: string } }
  /** The domain could not be read (governance/domain.ts says why). */
  | { kind: 'bad_domain'; reason: string };

export type PledgeRefusal =
  /** The amount, currency or period could not be read (governance/pledges.ts says why). */
  | { kind: 'bad_pledge_terms'; reason: string }
  | { kind: 'both_conditions' }
  | { kind: 'bad_condition_domain'; text: string; reason: string }
  | { kind: 'no_such_pledge'; id: number }
  | { kind: 'pledge_not_standing'; id: number; status: PledgeStatus };

export type LinkRefusal =
  | { kind: 'not_a_handle'; handle: string }
  | { kind: 'lookup_failed' }
  | { kind: 'account_elsewhere'; acct: string; host: string; ownDomain: string }
  | { kind: 'no_such_account'; acct: string }
  | { kind: 'account_not_local'; acct: string }
  | { kind: 'account_taken'; acct: string }
  | { kind: 'too_many_codes'; max: number }
  | { kind: 'code_not_sent' }
  | { kind: 'no_code_waiting' }
  | { kind: 'too_many_tries' }
  | { kind: 'wrong_code' }
  | { kind: 'not_linked' };

export type Refusal = ProposalRefusal | InstanceRefusal | PledgeRefusal | LinkRefusal;
