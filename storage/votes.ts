// Votes: every response ever received (raw, kept forever, the record) and, per voter, the one that counts now
// (current_votes). current_votes is maintained on every insert and redaction by the rule of governance/counting.ts, so a
// running tally is one GROUP BY, while `votesFor` gives the raw list for a full recount with `countVotes`.
//
// current_votes is derived state, so it lives in memory (a TEMP table of this connection) and is rebuilt from the raw
// votes when the store opens, for every proposal still counting. On disk it cost more than the rest of ingest: 200 votes
// of a sync batch land on about as many pages of it, and each commit writes those pages again (bench/votes.ts).
// Proposals already counted when the store opened are rebuilt only when read, since their outcome is stored. Only the
// bot writes votes or moves a close time; another process (the command line) builds its own on opening the store.

import { applyResponse, choiceOf } from '../governance/counting.ts';
import { isCounting } from '../governance/lifecycle.ts';
import type { ProposalState } from '../governance/types.ts';
import type { AnswerId, RawVote, Tally, VoteChoice, VoteSource } from '../governance/types.ts';
import type { Database } from './database.ts';
import { atomically } from './database.ts';
import { createCurrentVotesTable, withinClose } from './current-votes.ts';
import type { Clock } from './sql-values.ts';
import { fromFlag, optional, parseJson } from './sql-values.ts';

/** Our polls allow one selection; further ones are cut before validation (MSC3381). */
const MAX_SELECTIONS = 1;

export type VoteValidity = 'valid' | 'spoiled' | 'unvote';

export interface StoredVote extends RawVote {
  id: number;
  proposalId: number;
  validity: VoteValidity;
  /** The answer counted when valid. */
  answer?: AnswerId;
  redacted: boolean;
  receivedAt: number;
}

export interface CurrentVote {
  voter: string;
  /** 'none' when the voter's latest response un-voted. */
  choice: VoteChoice;
  eventId: string;
  ts: number;
  roomId: string;
  source: VoteSource;
}

export interface VoteRepository {
  /**
   * Keeps the response and updates the voter's current vote, atomically; false when the event was already recorded.
   * Record a sync batch inside one `store.transaction`: a commit per vote costs far more than the vote.
   */
  recordVote(proposalId: number, vote: RawVote, receivedAt?: number): boolean;
  /** Redacts a response; the voter's current vote falls back to their previous one. False if unknown or done. */
  markRedacted(eventId: string): boolean;
  /** Current votes of eligible voters by choice, and the size of the eligibility snapshot. */
  tally(proposalId: number): Tally;
  currentVote(proposalId: number, voter: string): CurrentVote | undefined;
  /**
   * Every response to the proposal in the order received, for a full recount (`countVotes`). Redacted responses are
   * left out unless asked for, since they no longer count.
   */
  votesFor(proposalId: number, options?: { includeRedacted?: boolean }): StoredVote[];
  findByEventId(eventId: string): StoredVote | undefined;
  /** Rebuilds the proposal's current votes from the raw ones, e.g. after its close time was set or moved. */
  recount(proposalId: number): void;
}

interface VoteRow {
  id: number;
  proposal_id: number;
  voter: string;
  answers_json: string;
  ts: number;
  event_id: string;
  room_id: string;
  source: VoteSource;
  validity: VoteValidity;
  answer: AnswerId | null;
  redacted: number;
  received_at: number;
}

function toStoredVote(row: VoteRow): StoredVote {
  return {
    id: row.id,
    proposalId: row.proposal_id,
    voter: row.voter,
    answers: parseJson<string[]>(row.answers_json),
    ts: row.ts,
    eventId: row.event_id,
    roomId: row.room_id,
    source: row.source,
    validity: row.validity,
    answer: optional(row.answer),
    redacted: fromFlag(row.redacted),
    receivedAt: row.received_at,
  };
}

function validityOf(choice: VoteChoice): VoteValidity {
  if (choice === 'none') return 'unvote';
  return choice === 'spoiled' ? 'spoiled' : 'valid';
}

function choiceOfVote(vote: Pick<StoredVote, 'validity' | 'answer'>): VoteChoice {
  if (vote.validity === 'unvote') return 'none';
  return vote.validity === 'spoiled' ? 'spoiled' : vote.answer!;
}


export function createVoteRepository(db: Database, clock: Clock): VoteRepository {
  createCurrentVotesTable(db);
  // No RETURNING: on this hot path it costs more than the insert itself; lastInsertRowid serves.
  const insertVote = db.prepare<unknown[]>(
    `INSERT INTO votes (proposal_id, voter, answers_json, ts, event_id, room_id, source, validity, answer, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
  );
  // A subquery, not a join: better-sqlite3's SQLite is built with STAT4, and a join whose plan may depend on a bound
  // value is re-prepared on every bind; measured, that costs ten times the lookup itself.
  const selectCurrentRow = db.prepare<[number, string], VoteRow>(
    'SELECT * FROM votes WHERE id = (SELECT vote_id FROM current_votes WHERE proposal_id = ? AND voter = ?)',
  );
  const upsertCurrent = db.prepare<[number, string, number, VoteChoice]>(
    `INSERT INTO current_votes (proposal_id, voter, vote_id, choice) VALUES (?, ?, ?, ?)
     ON CONFLICT (proposal_id, voter) DO UPDATE SET vote_id = excluded.vote_id, choice = excluded.choice`,
  );
  // The whole current-vote step of an insert in one statement (no reads from JavaScript): counted only if sent by the
  // close (a proposal without closed_at, or none, counts everything), and replacing the current vote only when later.
  const foldIntoCurrent = db.prepare<[proposal: number, voter: string, id: number, choice: VoteChoice, ts: number, sameProposal: number, sameTs: number, eventId: string]>(
    `INSERT INTO current_votes (proposal_id, voter, vote_id, choice)
     SELECT ?, ?, ?, ? WHERE sent_by_close(?, (SELECT closed_at FROM proposals WHERE id = ?))
     ON CONFLICT (proposal_id, voter) DO UPDATE SET vote_id = excluded.vote_id, choice = excluded.choice
     WHERE (SELECT is_later_response(?, ?, ts, event_id) FROM votes WHERE id = current_votes.vote_id)`,
  );
  const deleteCurrent = db.prepare<[number, string]>('DELETE FROM current_votes WHERE proposal_id = ? AND voter = ?');
  const deleteAllCurrent = db.prepare<[number]>('DELETE FROM current_votes WHERE proposal_id = ?');
  const redact = db.prepare<[string], { id: number; proposal_id: number; voter: string }>(
    'UPDATE votes SET redacted = 1 WHERE event_id = ? AND redacted = 0 RETURNING id, proposal_id, voter',
  );
  const selectCurrentVoteId = db.prepare<[number, string], number>(
    'SELECT vote_id FROM current_votes WHERE proposal_id = ? AND voter = ?',
  ).pluck();
  const selectClosedAt = db.prepare<[number], number | null>('SELECT closed_at FROM proposals WHERE id = ?').pluck();
  const selectVoterVotes = db.prepare<[number, string], VoteRow>(
    'SELECT * FROM votes WHERE proposal_id = ? AND voter = ? AND redacted = 0',
  );
  const selectCountable = db.prepare<[number], VoteRow>(
    'SELECT * FROM votes WHERE proposal_id = ? AND redacted = 0 ORDER BY voter',
  );
  const selectAll = db.prepare<[number, number], VoteRow>(
    'SELECT * FROM votes WHERE proposal_id = ? AND redacted <= ? ORDER BY id',
  );
  const selectByEvent = db.prepare<[string], VoteRow>('SELECT * FROM votes WHERE event_id = ?');

  // The eligible count rides along as a pseudo-choice so that a tally is a single statement.
  const selectTally = db.prepare<[number, number], { choice: VoteChoice | 'eligible'; n: number }>(
    `SELECT 'eligible' AS choice, count(*) AS n FROM eligibility WHERE proposal_id = ?
     UNION ALL
     SELECT c.choice, count(*) FROM current_votes c
       JOIN eligibility e ON e.proposal_id = c.proposal_id AND e.user_id = c.voter
     WHERE c.proposal_id = ? AND c.choice <> 'none'
     GROUP BY c.choice`,
  );

  /** Proposals whose current votes are not in the table yet (see below where it is filled). */
  const notRebuilt = new Set<number>();

  /** Re-derives one voter's current vote from their non-redacted responses up to the close. */
  function refoldVoter(proposalId: number, voter: string): void {
    const closedAt = selectClosedAt.get(proposalId) ?? null;
    let latest: StoredVote | undefined;
    for (const row of selectVoterVotes.all(proposalId, voter)) {
      if (withinClose(row.ts, closedAt)) latest = applyResponse(latest, toStoredVote(row));
    }
    if (latest) upsertCurrent.run(proposalId, voter, latest.id, choiceOfVote(latest));
    else deleteCurrent.run(proposalId, voter);
  }

  function recordVote(proposalId: number, vote: RawVote, receivedAt: number): boolean {
    const choice = choiceOf(vote, MAX_SELECTIONS);
    const inserted = insertVote.run(
      proposalId,
      vote.voter,
      JSON.stringify(vote.answers),
      vote.ts,
      vote.eventId,
      vote.roomId,
      vote.source,
      validityOf(choice),
      choice === 'none' || choice === 'spoiled' ? null : choice,
      receivedAt,
    );
    if (inserted.changes === 0) return false;
    if (notRebuilt.has(proposalId)) return true;
    foldIntoCurrent.run(proposalId, vote.voter, Number(inserted.lastInsertRowid), choice, vote.ts, proposalId, vote.ts, vote.eventId);
    return true;
  }

  const markRedacted = db.transaction((eventId: string): boolean => {
    const row = redact.get(eventId);
    if (!row) return false;
    if (notRebuilt.has(row.proposal_id)) return true;
    if (selectCurrentVoteId.get(row.proposal_id, row.voter) === row.id) refoldVoter(row.proposal_id, row.voter);
    return true;
  });

  const recount = db.transaction((proposalId: number): void => {
    const closedAt = selectClosedAt.get(proposalId) ?? null;
    deleteAllCurrent.run(proposalId);
    let latest: StoredVote | undefined;
    const flush = () => {
      if (latest) upsertCurrent.run(proposalId, latest.voter, latest.id, choiceOfVote(latest));
    };
    // Rows come grouped by voter; within a voter, keep the latest by the shared rule. (all(), not iterate(): the
    // connection cannot write while a statement is still stepping.)
    for (const row of selectCountable.all(proposalId)) {
      if (!withinClose(row.ts, closedAt)) continue;
      const vote = toStoredVote(row);
      if (latest && vote.voter !== latest.voter) {
        flush();
        latest = undefined;
      }
      latest = applyResponse(latest, vote);
    }
    flush();
  });

  // Rebuilt now for every proposal still counting; the others (counted, withdrawn, cancelled) when first read. A
  // proposal created later starts with no votes, so its (empty) current votes are complete from the start.
  const proposalStates = db.prepare<[], { id: number; state: ProposalState }>('SELECT id, state FROM proposals');
  db.transaction(() => {
    for (const { id, state } of proposalStates.all()) {
      if (isCounting(state)) recount(id);
      else notRebuilt.add(id);
    }
  })();
  /**
   * Before reading a proposal's current votes. Rebuilt inside a caller's transaction, they are not marked complete:
   * a rollback would take them back out, so the next read rebuilds them again.
   */
  function rebuiltForReading(proposalId: number): void {
    if (!notRebuilt.has(proposalId)) return;
    recount(proposalId);
    if (!db.inTransaction) notRebuilt.delete(proposalId);
  }

  return {
    recordVote: (proposalId, vote, receivedAt = clock()) =>
      atomically(db, () => recordVote(proposalId, vote, receivedAt)),
    markRedacted: (eventId) => markRedacted(eventId),
    tally(proposalId) {
      rebuiltForReading(proposalId);
      const tally: Tally = { yes: 0, no: 0, abstain: 0, spoiled: 0, eligible: 0, cast: 0 };
      for (const { choice, n } of selectTally.all(proposalId, proposalId)) {
        if (choice !== 'none') tally[choice] = n;
      }
      tally.cast = tally.yes + tally.no + tally.abstain;
      return tally;
    },
    currentVote(proposalId, voter) {
      rebuiltForReading(proposalId);
      const row = selectCurrentRow.get(proposalId, voter);
      if (!row) return undefined;
      const vote = toStoredVote(row);
      const { eventId, ts, roomId, source } = vote;
      return { voter, choice: choiceOfVote(vote), eventId, ts, roomId, source };
    },
    votesFor: (proposalId, options = {}) =>
      selectAll.all(proposalId, options.includeRedacted ? 1 : 0).map(toStoredVote),
    findByEventId(eventId) {
      const row = selectByEvent.get(eventId);
      return row ? toStoredVote(row) : undefined;
    },
    recount: (proposalId) => recount(proposalId),
  };
}
