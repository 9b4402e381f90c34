// Encrypted poll responses the bot cannot decrypt, and what they mean for a result (README "Encrypted rooms").
//
// An unreadable response is a response like any other for the "latest response per voter" rule: it is compared with
// the voter's readable responses by origin_server_ts (then event id), across rooms and ways of voting. A voter whose
// latest response is unreadable is an *unreadable vote*: not yes, no or abstain, nor spoiled, since it may be any of
// them (or an un-vote). Earlier readable responses of that voter do not count: they were replaced.
//
// The outcome is decided on the readable votes. It stands only when no way the unreadable votes could have gone would
// change it: all yes, all no, all abstain, or all no vote at all (un-votes or spoiled, which add nothing to the
// count). Those four cover every split: quorum grows with the votes cast and the threshold only improves with yes and
// only worsens with no, so a split can reach no outcome that one of the extremes does not. If they could change it,
// the result is incomplete: no decision is made (nothing is applied) and staff are told to run the vote again where
// the bot can read it.

import { countVotes, isLaterResponse, type CountInput, type CountResult } from './counting.ts';
import { decideOutcome, type OutcomeDecision } from './outcome.ts';
import type { Action, Outcome, RawVote, Rules, Tally, UnreadableResponse } from './types.ts';

export interface CountWithUnreadableInput extends CountInput {
  unreadable: Iterable<UnreadableResponse>;
}

export interface CountWithUnreadableResult extends CountResult {
  /** Voters whose latest response could not be read (eligible or not); in `tally.unreadable` when eligible. */
  unreadableVoters: Set<string>;
}

const asOrdered = (r: UnreadableResponse): RawVote => ({ ...r, answers: [], source: 'poll' });

/**
 * countVotes, with unreadable responses taking part in "the latest response per voter". `tally.unreadable` is set
 * only when at least one eligible voter's latest response was unreadable.
 */
export function countWithUnreadable(input: CountWithUnreadableInput): CountWithUnreadableResult {
  const { closedAt, eligible } = input;
  const latestUnreadable = new Map<string, UnreadableResponse>();
  for (const response of input.unreadable) {
    if (response.ts > closedAt) continue;
    const current = latestUnreadable.get(response.voter);
    if (!current || isLaterResponse(asOrdered(response), asOrdered(current))) latestUnreadable.set(response.voter, response);
  }
  const votes = [...input.votes];
  const unreadableVoters = new Set(latestUnreadable.keys());
  for (const vote of votes) {
    const unreadable = latestUnreadable.get(vote.voter);
    // A readable response later than the voter's latest unreadable one replaced it.
    if (unreadable && vote.ts <= closedAt && isLaterResponse(vote, asOrdered(unreadable))) unreadableVoters.delete(vote.voter);
  }
  const counted = countVotes({ ...input, votes: votes.filter((v) => !unreadableVoters.has(v.voter)) });
  const unreadable = [...unreadableVoters].filter((voter) => eligible.has(voter)).length;
  const tally: Tally = unreadable > 0 ? { ...counted.tally, unreadable } : counted.tally;
  return { tally, voters: counted.voters, unreadableVoters };
}

export interface ResultDecision {
  /** The decision on the readable votes. */
  decision: OutcomeDecision;
  /** True when unreadable votes could change the outcome: then there is no decision. */
  incomplete: boolean;
  /** Every outcome the unreadable votes could lead to (just `decision.outcome` when they cannot change it). */
  possible: Outcome[];
}

/** Decides a tally that may hold unreadable votes (see the rule at the top of this file). */
export function decideWithUnreadable(tally: Tally, action: Action, rules: Rules): ResultDecision {
  const readable: Tally = { ...tally };
  delete readable.unreadable;
  const decision = decideOutcome(readable, action, rules);
  const n = tally.unreadable ?? 0;
  if (n === 0) return { decision, incomplete: false, possible: [decision.outcome] };
  const extremes: Tally[] = [
    { ...readable, yes: readable.yes + n, cast: readable.cast + n },
    { ...readable, no: readable.no + n, cast: readable.cast + n },
    { ...readable, abstain: readable.abstain + n, cast: readable.cast + n },
  ];
  const possible = new Set<Outcome>([decision.outcome]);
  for (const extreme of extremes) possible.add(decideOutcome(extreme, action, rules).outcome);
  return { decision, incomplete: possible.size > 1, possible: [...possible] };
}

/** "1 encrypted response could not be read" / "2 encrypted responses could not be read". */
export function unreadableSentence(n: number): string {
  return `${n} encrypted ${n === 1 ? 'response' : 'responses'} could not be read`;
}
