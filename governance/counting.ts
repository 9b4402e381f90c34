// Counting votes: MSC3381's poll rules, then ours (DESIGN.md "Counting"). Poll responses and text votes are one
// stream; per voter only the latest response up to the close counts, whichever room or way it came from.
//
// Left to the caller, because they need the events rather than the votes:
// - a redacted response is removed from the list before counting, so the voter falls back to their previous one
//   (the incremental `applyResponse` cannot undo, so after a redaction storage re-folds that voter's responses);
// - the close time is the earliest valid poll end event (from the poll's sender or someone allowed to redact);
// - edits of the poll are ignored, and a text vote with a wrong answer is a command error, never a RawVote.

import type { AnswerId, RawVote, Tally, VoteChoice } from './types.ts';
import { ANSWER_IDS } from './types.ts';

export interface VoterRecord {
  choice: VoteChoice;
  /** True when the voter was eligible and the choice is a vote (an answer or spoiled), i.e. it is in the tally. */
  counted: boolean;
  /** The response that decided the choice. */
  eventId: string;
  ts: number;
  source: RawVote['source'];
}

export interface CountInput {
  votes: Iterable<RawVote>;
  eligible: ReadonlySet<string>;
  /** Responses with `ts` after this are ignored; at exactly this time they count. Infinity gives a running tally. */
  closedAt: number;
  maxSelections?: number;
}

export interface CountResult {
  tally: Tally;
  voters: Map<string, VoterRecord>;
}

/**
 * True when response `a` supersedes response `b` of the same voter: the later `origin_server_ts` wins. Two responses
 * with the same ts are ordered by event id in plain UTF-16 code-unit order (JavaScript's `<`, not locale-aware), the
 * larger id winning. The rule is arbitrary but deterministic, so every count and every stored "current vote" agrees
 * regardless of the order events arrived in. The same event seen twice is not later than itself.
 */
export function isLaterResponse(a: Pick<RawVote, 'ts' | 'eventId'>, b: Pick<RawVote, 'ts' | 'eventId'>): boolean {
  if (a.ts !== b.ts) return a.ts > b.ts;
  return a.eventId > b.eventId;
}

/** A response counts when it was sent no later than the close: at exactly the close it counts (Infinity: still open). */
export function sentByClose(ts: number, closedAt: number): boolean {
  return ts <= closedAt;
}

/** Folds one more response of a voter into their current one, keeping whichever is later. */
export function applyResponse<T extends Pick<RawVote, 'ts' | 'eventId'>>(current: T | undefined, incoming: T): T {
  return current === undefined || isLaterResponse(incoming, current) ? incoming : current;
}

const VALID_ANSWERS: ReadonlySet<string> = new Set<string>(ANSWER_IDS);

function isAnswerId(answer: string): answer is AnswerId {
  return VALID_ANSWERS.has(answer);
}

/**
 * What a response amounts to. Selections beyond `maxSelections` are cut first (MSC3381), then: nothing left = no
 * vote; an unknown answer id = spoiled. Our ballot has a single choice, so several different valid answers (only
 * possible when `maxSelections` > 1) also spoil it.
 */
export function choiceOf(vote: Pick<RawVote, 'answers'>, maxSelections = 1): VoteChoice {
  const kept = vote.answers.slice(0, Math.max(1, Math.floor(maxSelections)));
  if (kept.length === 0) return 'none';
  const distinct = new Set(kept);
  if (distinct.size > 1) return 'spoiled';
  const [answer] = distinct;
  return answer !== undefined && isAnswerId(answer) ? answer : 'spoiled';
}

/** Whole-list count in one pass over the votes and one over the voters: O(n). */
export function countVotes(input: CountInput): CountResult {
  const { eligible, closedAt, maxSelections = 1 } = input;
  const latest = new Map<string, RawVote>();
  for (const vote of input.votes) {
    if (!sentByClose(vote.ts, closedAt)) continue;
    latest.set(vote.voter, applyResponse(latest.get(vote.voter), vote));
  }

  const tally: Tally = { yes: 0, no: 0, abstain: 0, spoiled: 0, eligible: eligible.size, cast: 0 };
  const voters = new Map<string, VoterRecord>();
  for (const [voter, vote] of latest) {
    const choice = choiceOf(vote, maxSelections);
    let counted = false;
    if (choice !== 'none' && eligible.has(voter)) {
      tally[choice] += 1;
      counted = true;
    }
    voters.set(voter, { choice, counted, eventId: vote.eventId, ts: vote.ts, source: vote.source });
  }
  tally.cast = tally.yes + tally.no + tally.abstain;
  return { tally, voters };
}
