// Proposals and their evidence links. A state changes only by a lifecycle event (governance/lifecycle.ts) through
// `advance`, which reads the state, applies the event and writes the new state with its fields and outbox jobs in one
// transaction: two paths racing over one proposal (a deadline job and a staff close, a crash and its recovery) cannot
// both win, and an event the lifecycle refuses changes nothing. `update` writes fields only, never the state.

import { transition, type LifecycleEvent } from '../governance/lifecycle.ts';
import type { ProposalState } from '../governance/types.ts';
import type { Database } from './database.ts';
import { ActiveProposalExistsError } from './errors.ts';
import type { NewJob } from './jobs.ts';
import type {
  Evidence,
  EvidenceVisibility,
  NewProposal,
  Proposal,
  ProposalChanges,
  ProposalRow,
} from './proposal-records.ts';
import { toProposal } from './proposal-records.ts';
import type { Clock, Flag } from './sql-values.ts';
import { isUniqueViolation, toFlag } from './sql-values.ts';

export type { Evidence, EvidenceVisibility, NewProposal, Proposal, ProposalChanges } from './proposal-records.ts';

export interface ProposalRepository {
  /** Creates a proposal with the next number, or returns the one made by the same command event before. */
  create(input: NewProposal): { proposal: Proposal; created: boolean };
  get(id: number): Proposal | undefined;
  findByOriginEvent(eventId: string): Proposal | undefined;
  /** The proposal being seconded or voted on for exactly this domain, if any. */
  findActiveByDomain(domain: string): Proposal | undefined;
  /** Every proposal ever made for exactly this domain, newest first. */
  listByDomain(domain: string): Proposal[];
  /** Proposed or open, oldest first. */
  listActive(): Proposal[];
  listInStates(states: readonly ProposalState[]): Proposal[];
  /** Proposals with a close time (withdrawn and cancelled ones too), most recently closed first. */
  listRecentClosed(limit: number): Proposal[];
  /** Counted proposals (an outcome, whatever happened after), most recently closed first: the decisions. */
  listDecided(limit: number): Proposal[];
  /**
   * Applies a lifecycle event to `id`: the new state, `fields`, `jobs` and whatever `effects` writes, in one
   * transaction; a refusal (no such proposal, or an event its state does not take) changes nothing. A `count` event
   * also stores its outcome. Setting `closedAt` also rebuilds the proposal's current votes up to that time.
   */
  advance(id: number, event: LifecycleEvent, options?: AdvanceOptions): Advanced;
  /** Writes `fields` of `id` while it is `inState`, leaving the state; false, changing nothing, if it was elsewhere. */
  update(id: number, inState: ProposalState, fields: ProposalChanges): boolean;
  evidence(id: number, visibility?: EvidenceVisibility): Evidence[];
}

export interface AdvanceOptions {
  fields?: ProposalChanges;
  /** Outbox jobs the new state calls for, scheduled in the same transaction. */
  jobs?: readonly NewJob[];
  /** Further writes of the same step (audit, eligibility…), run inside the transaction after the state changed. */
  effects?(proposal: Proposal): void;
}

export type Advanced = { ok: true; proposal: Proposal } | { ok: false; reason: string };

const ACTIVE_STATES: readonly ProposalState[] = ['proposed', 'open'];
/** As governance/lifecycle.ts isDecided. */
const DECIDED_STATES: readonly ProposalState[] = [
  'approved',
  'rejected',
  'no_quorum',
  'applying',
  'applied',
  'apply_failed',
];

export interface ProposalHooks {
  /** Called inside the transaction after a change of `closedAt`, which moves the vote cut-off. */
  closeTimeChanged?(proposalId: number): void;
  /** Schedules an outbox job (the job repository's `schedule`). */
  scheduleJob(job: NewJob): void;
}

/** For each changeable column: whether to write it (`set_x`) and the value. One statement serves every combination. */
/** A write's parameters: the row's own columns it may set, each with a flag saying whether it does. */
type WriteParams = { id: number; from: ProposalState; to: ProposalState; now: number } & Pick<
  ProposalRow,
  | 'opened_at' | 'deadline_at' | 'closed_at' | 'applied_at' | 'outcome' | 'rules_json' | 'result_line' | 'mastodon_block_id' | 'apply_error'
  | 'tally_yes' | 'tally_no' | 'tally_abstain' | 'tally_spoiled' | 'tally_eligible' | 'tally_cast' | 'tally_unreadable'
> & Record<
  | 'set_opened_at' | 'set_deadline_at' | 'set_closed_at' | 'set_applied_at' | 'set_outcome' | 'set_rules' | 'set_tally'
  | 'set_result_line' | 'set_block_id' | 'set_apply_error',
  Flag
>;

const keep = (column: string, flag: string, param = column) =>
  `${column} = CASE WHEN @${flag} THEN @${param} ELSE ${column} END`;

export function createProposalRepository(db: Database, clock: Clock, hooks: ProposalHooks): ProposalRepository {
  const selectById = db.prepare<[number], ProposalRow>('SELECT * FROM proposals WHERE id = ?');
  const selectByOrigin = db.prepare<[string], ProposalRow>('SELECT * FROM proposals WHERE origin_event_id = ?');
  const selectActiveByDomain = db.prepare<[string], ProposalRow>(
    "SELECT * FROM proposals WHERE domain = ? AND state IN ('proposed', 'open')",
  );
  const selectByDomain = db.prepare<[string], ProposalRow>('SELECT * FROM proposals WHERE domain = ? ORDER BY id DESC');
  const selectInStates = db.prepare<[string], ProposalRow>(
    'SELECT * FROM proposals WHERE state IN (SELECT value FROM json_each(?)) ORDER BY id',
  );
  const selectRecentClosed = db.prepare<[number], ProposalRow>(
    'SELECT * FROM proposals WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT ?',
  );
  const selectDecided = db.prepare<[string, number], ProposalRow>(
    `SELECT * FROM proposals WHERE state IN (SELECT value FROM json_each(?))
     ORDER BY coalesce(closed_at, created_at) DESC, id DESC LIMIT ?`,
  );
  const insert = db.prepare<unknown[], { id: number }>(
    `INSERT INTO proposals (domain, action, reject_media, reject_reports, obfuscate, public_reason, private_comment,
       duration_ms, proposer, origin_room_id, origin_event_id, state, seconds_required, created_at, updated_at,
       supersedes_id, prior_block_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const insertEvidence = db.prepare<[number, string, EvidenceVisibility]>(
    'INSERT OR IGNORE INTO proposal_evidence (proposal_id, url, visibility) VALUES (?, ?, ?)',
  );
  const selectEvidence = db.prepare<[{ id: number; visibility: EvidenceVisibility | null }], Evidence>(
    `SELECT url, visibility FROM proposal_evidence
     WHERE proposal_id = @id AND (@visibility IS NULL OR visibility = @visibility)
     ORDER BY id`,
  );
  const write = db.prepare<[WriteParams]>(
    `UPDATE proposals SET state = @to, updated_at = @now,
       ${keep('opened_at', 'set_opened_at')},
       ${keep('deadline_at', 'set_deadline_at')},
       ${keep('closed_at', 'set_closed_at')},
       ${keep('applied_at', 'set_applied_at')},
       ${keep('outcome', 'set_outcome')},
       ${keep('rules_json', 'set_rules')},
       ${['tally_yes', 'tally_no', 'tally_abstain', 'tally_spoiled', 'tally_eligible', 'tally_cast', 'tally_unreadable']
         .map((column) => keep(column, 'set_tally'))
         .join(',\n')},
       ${keep('result_line', 'set_result_line')},
       ${keep('mastodon_block_id', 'set_block_id')},
       ${keep('apply_error', 'set_apply_error')}
     WHERE id = @id AND state = @from`,
  );

  const findActiveByDomain = (domain: string) => mapOne(selectActiveByDomain.get(domain));

  const create = db.transaction((input: NewProposal): { proposal: Proposal; created: boolean } => {
    if (input.originEventId) {
      const earlier = selectByOrigin.get(input.originEventId);
      if (earlier) return { proposal: toProposal(earlier), created: false };
    }
    const state = input.state ?? 'proposed';
    if (ACTIVE_STATES.includes(state)) {
      const active = findActiveByDomain(input.domain);
      if (active) throw new ActiveProposalExistsError(input.domain, active.id);
    }
    const createdAt = input.createdAt ?? clock();
    let id: number;
    try {
      const row = insert.get(
        input.domain,
        input.action,
        toFlag(input.rejectMedia),
        toFlag(input.rejectReports),
        toFlag(input.obfuscate),
        input.publicReason ?? null,
        input.privateComment ?? null,
        input.durationMs,
        input.proposer,
        input.originRoomId ?? null,
        input.originEventId ?? null,
        state,
        input.secondsRequired ?? 0,
        createdAt,
        createdAt,
        input.supersedesId ?? null,
        input.priorBlock ? JSON.stringify(input.priorBlock) : null,
      );
      id = row!.id;
    } catch (err) {
      // Only reachable if another connection inserted between our check and the insert.
      const active = isUniqueViolation(err) ? findActiveByDomain(input.domain) : undefined;
      if (active) throw new ActiveProposalExistsError(input.domain, active.id);
      throw err;
    }
    for (const item of input.evidence ?? []) insertEvidence.run(id, item.url, item.visibility);
    return { proposal: toProposal(selectById.get(id)!), created: true };
  });

  /** The one statement that writes a proposal's state and fields: `from` → `to`, false if it was elsewhere. */
  const writeState = (id: number, from: ProposalState, to: ProposalState, changes: ProposalChanges): boolean => {
      const has = (key: keyof ProposalChanges): Flag => toFlag(Object.hasOwn(changes, key));
      const tally = changes.tally ?? null;
      const result = write.run({
        id,
        from,
        to,
        now: clock(),
        set_opened_at: has('openedAt'),
        opened_at: changes.openedAt ?? null,
        set_deadline_at: has('deadlineAt'),
        deadline_at: changes.deadlineAt ?? null,
        set_closed_at: has('closedAt'),
        closed_at: changes.closedAt ?? null,
        set_applied_at: has('appliedAt'),
        applied_at: changes.appliedAt ?? null,
        set_outcome: has('outcome'),
        outcome: changes.outcome ?? null,
        set_rules: has('rules'),
        rules_json: changes.rules ? JSON.stringify(changes.rules) : null,
        set_tally: has('tally'),
        tally_yes: tally?.yes ?? null,
        tally_no: tally?.no ?? null,
        tally_abstain: tally?.abstain ?? null,
        tally_spoiled: tally?.spoiled ?? null,
        tally_eligible: tally?.eligible ?? null,
        tally_cast: tally?.cast ?? null,
        // Only a count above zero is stored (the CHECK): no unreadable votes reads back as a tally without the key.
        tally_unreadable: tally?.unreadable || null,
        set_result_line: has('resultLine'),
        result_line: changes.resultLine ?? null,
        set_block_id: has('mastodonBlockId'),
        mastodon_block_id: changes.mastodonBlockId ?? null,
        set_apply_error: has('applyError'),
        apply_error: changes.applyError ?? null,
      });
      const changed = result.changes === 1;
      if (changed && Object.hasOwn(changes, 'closedAt')) hooks.closeTimeChanged?.(id);
      return changed;
  };

  const advance = db.transaction((id: number, event: LifecycleEvent, options: AdvanceOptions): Advanced => {
    const row = selectById.get(id);
    if (!row) return { ok: false, reason: `there is no proposal ${id}` };
    const moved = transition(row.state, event);
    if (!moved.ok) return moved;
    const fields = event.type === 'count' ? { ...options.fields, outcome: event.outcome } : (options.fields ?? {});
    writeState(id, row.state, moved.state, fields);
    for (const job of options.jobs ?? []) hooks.scheduleJob(job);
    const proposal = toProposal(selectById.get(id)!);
    options.effects?.(proposal);
    return { ok: true, proposal };
  });
  const update = db.transaction((id: number, inState: ProposalState, fields: ProposalChanges) =>
    writeState(id, inState, inState, fields),
  );

  return {
    create: (input) => create(input),
    get: (id) => mapOne(selectById.get(id)),
    findByOriginEvent: (eventId) => mapOne(selectByOrigin.get(eventId)),
    findActiveByDomain,
    listByDomain: (domain) => selectByDomain.all(domain).map(toProposal),
    listActive: () => selectInStates.all(JSON.stringify(ACTIVE_STATES)).map(toProposal),
    listInStates: (states) => selectInStates.all(JSON.stringify(states)).map(toProposal),
    listRecentClosed: (limit) => selectRecentClosed.all(limit).map(toProposal),
    listDecided: (limit) => selectDecided.all(JSON.stringify(DECIDED_STATES), limit).map(toProposal),
    advance: (id, event, options = {}) => advance(id, event, options),
    update: (id, inState, fields) => update(id, inState, fields),
    evidence: (id, visibility) => selectEvidence.all({ id, visibility: visibility ?? null }),
  };
}

function mapOne(row: ProposalRow | undefined): Proposal | undefined {
  return row === undefined ? undefined : toProposal(row);
}
