// What chat commands may ask of the bot: narrow, SDK-free interfaces the bot implements.
import type { PriorBlock } from '../../governance/proposal-check.ts';
import type { Action, AnswerId, Outcome, ProposalState, Rules, Tally } from '../../governance/types.ts';
import type { ProposalRefusal } from './refusals.ts';

/** A value, or why there is none: a sentence by default, a refusal as data (refusals.ts) from the services. */
export type Result<T, R = string> = { ok: true; value: T } | { ok: false; reason: R };
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <R = string>(reason: R): { ok: false; reason: R } => ({ ok: false, reason });

export interface ProposalOptions {
  rejectMedia: boolean;
  rejectReports: boolean;
  obfuscate: boolean;
}

export interface ProposalView {
  id: number;
  domain: string;
  action: Action;
  options: ProposalOptions;
  state: ProposalState;
  proposer: string;
  reason?: string;
  privateComment?: string;
  evidence: string[];
  createdAt: number;
  openedAt?: number;
  deadlineAt?: number;
  closedAt?: number;
  outcome?: Outcome;
  tally?: Tally;
  rules?: Rules;
  secondsRequired: number;
  secondsHave: number;
  /** Disclosed polls show running totals; undisclosed ones only after the close. */
  disclosed: boolean;
  /** The first line of the announced result, once closed. */
  resultLine?: string;
  /** Why applying failed or keeps failing (the instance's words): for staff only. */
  applyError?: string;
  /** The instance's block on the domain itself when it was proposed, if it had one. */
  priorBlock?: PriorBlock;
  /** Recorded from the instance's existing blocks (fedimoot import, !moot import), not voted. */
  imported?: boolean;
  /** A staged cut's second stage (`--then suspend --after 30d`), and a review delay (`--review 1y`). */
  secondStage?: { action: Action; afterMs: number; status?: 'pending' | 'applied' | 'superseded'; dueAt?: number; supersededBy?: number };
  reviewAfterMs?: number;
  /** When an approved decision is due for review, as its log entry says. */
  reviewAt?: number;
}

/** A proposal just made, with what the proposer should know about how it was checked. */
export interface Proposed extends ProposalView {
  /** Why the instance's block list could not be read, when the proposal was checked against the decision log only. */
  blockListUnread?: string;
}

/** A command event: its room and id. */
export interface CommandRef {
  roomId: string;
  eventId: string;
}

export interface ProposeInput {
  domain: string;
  action: Action;
  options: ProposalOptions;
  reason?: string;
  privateComment?: string;
  evidence: string[];
  durationMs?: number;
  /** A checked second stage (governance/stages.ts checkStage) and review delay, if the proposal carries them. */
  secondStage?: { action: Action; afterMs: number };
  reviewAfterMs?: number;
  proposer: string;
  roomId: string;
  eventId: string;
}

export interface VoteReceipt {
  proposal: ProposalView;
  /** False when the voter was not in the snapshot taken at opening: kept on record, not counted. */
  eligible: boolean;
  /** Who may vote, for the reply to someone who may not: also only members with a linked account (eligibility). */
  linkedAccountRequired?: boolean;
}

export interface Turnout {
  voted: number;
  eligible: number;
}

export interface ProposalActions {
  propose(input: ProposeInput): Promise<Result<Proposed, ProposalRefusal>>;
  second(id: number, user: string): Promise<Result<ProposalView, ProposalRefusal>>;
  vote(id: number, vote: { voter: string; answer: AnswerId; eventId: string; ts: number; roomId: string }): Promise<Result<VoteReceipt, ProposalRefusal>>;
  /** `command`: the command that asked, so the announcement in its room answers it (one message per event). */
  withdraw(id: number, user: string, command?: CommandRef): Promise<Result<ProposalView, ProposalRefusal>>;
  close(id: number, staff: string, command?: CommandRef): Promise<Result<ProposalView, ProposalRefusal>>;
  cancel(id: number, staff: string, reason?: string, command?: CommandRef): Promise<Result<ProposalView, ProposalRefusal>>;
  get(id: number): ProposalView | undefined;
  active(): ProposalView[];
  recentDecisions(count: number): ProposalView[];
  turnout(id: number): Turnout;
}

/** The configured rooms as written in the config (aliases read better than ids), for naming them in refusals. */
export interface RoomNames {
  staff: readonly string[];
  member: readonly string[];
}

/** Settings commands read to explain themselves (prefix in usage lines, bounds in errors). */
export interface CommandSettings {
  prefix: string;
  minVotingPeriodMs: number;
  maxVotingPeriodMs: number;
  votingPeriodMs: number;
  whoMayPropose: 'members' | 'staff';
  /** Shortest `--after` and `--review` (governance.minStageAfter, minReviewAfter); absent: the defaults of governance/stages.ts. */
  minStageAfterMs?: number;
  minReviewAfterMs?: number;
  /** The configured rooms, named in the refusal of a command written in the wrong room; absent: not named. */
  rooms?: RoomNames;
}
