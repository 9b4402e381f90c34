// Domain vocabulary shared by the rules, storage and the bot. Mirrors DESIGN.md.

export type Action = 'suspend' | 'limit' | 'lift';
export const ACTIONS: readonly Action[] = ['suspend', 'limit', 'lift'];

export type ProposalState =
  | 'proposed'
  | 'open'
  | 'closed'
  | 'approved'
  | 'rejected'
  | 'no_quorum'
  | 'withdrawn'
  | 'cancelled'
  | 'applying'
  | 'applied'
  | 'apply_failed';

export type Outcome = 'approved' | 'rejected' | 'no_quorum';

export type AnswerId = 'yes' | 'no' | 'abstain';
export const ANSWER_IDS: readonly AnswerId[] = ['yes', 'no', 'abstain'];

export type VoteSource = 'poll' | 'text';

/** What one voter's latest response amounts to: an answer, a spoiled vote, or no vote (un-voted). */
export type VoteChoice = AnswerId | 'spoiled' | 'none';

/** One response as received: a poll response event or a text vote. Kept as-is, valid or not. */
export interface RawVote {
  voter: string;
  /** Answer ids exactly as sent; empty = un-vote. */
  answers: readonly string[];
  /** origin_server_ts of the event, in milliseconds. */
  ts: number;
  eventId: string;
  roomId: string;
  source: VoteSource;
}

export interface Tally {
  yes: number;
  no: number;
  abstain: number;
  spoiled: number;
  /** Eligible voters at opening. */
  eligible: number;
  /** yes + no + abstain (spoiled votes are not cast). */
  cast: number;
  /**
   * Eligible voters whose latest response was encrypted and could not be read (governance/unreadable.ts). Absent
   * when there were none, so tallies (and log entries) from before encryption was handled read exactly as before.
   */
  unreadable?: number;
}

/**
 * A poll response the bot could not decrypt (an `m.room.encrypted` event whose clear-text `m.relates_to` points at one
 * of our polls): who sent it and when is known, what it says is not.
 */
export interface UnreadableResponse {
  voter: string;
  ts: number;
  eventId: string;
  roomId: string;
}

/** A rational threshold such as 2/3, kept exact. */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface Quorum {
  minVoters: number;
  minTurnoutPercent: number;
}

export interface Rules {
  quorum: Quorum;
  thresholds: Record<Action, Fraction>;
}
