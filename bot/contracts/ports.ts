// What chat commands may ask of the bot: narrow, SDK-free interfaces the bot implements.
import type { PriorBlock } from '../../governance/proposal-check.ts';
import type { Action, AnswerId, Outcome, ProposalState, Rules, Tally } from '../../governance/types.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string): Result<T> => ({ ok: false, reason });

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
  /** Set when the instance could not be read and the proposal was checked against the decision log only. */
  caveat?: string;
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
  /** Who may vote, in words, for the reply to someone who may not. */
  whoMayVote?: string;
}

export interface Turnout {
  voted: number;
  eligible: number;
}

export interface ProposalActions {
  propose(input: ProposeInput): Promise<Result<Proposed>>;
  second(id: number, user: string): Promise<Result<ProposalView>>;
  vote(id: number, vote: { voter: string; answer: AnswerId; eventId: string; ts: number; roomId: string }): Promise<Result<VoteReceipt>>;
  /** `command`: the command that asked, so the announcement in its room answers it (one message per event). */
  withdraw(id: number, user: string, command?: CommandRef): Promise<Result<ProposalView>>;
  close(id: number, staff: string, command?: CommandRef): Promise<Result<ProposalView>>;
  cancel(id: number, staff: string, reason?: string, command?: CommandRef): Promise<Result<ProposalView>>;
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
