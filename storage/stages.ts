// What a proposal plans beyond its first cut: a second stage (`--then suspend --after 30d`) and a review date
// (`--review 1y`), with what became of each. Kept beside the proposal, one row per proposal that has either, so
// proposals without them (all earlier ones) are untouched. Reminders are marked sent here before the message goes
// out (each fires once, also across a crash).
import type { Action } from '../governance/types.ts';
import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';

/** Schema of the migration step that adds this table (storage/migrations.ts). */
export const PROPOSAL_PLANS = `
CREATE TABLE proposal_plans (
  proposal_id INTEGER PRIMARY KEY REFERENCES proposals (id),
  then_action TEXT CHECK (then_action IN ('limit', 'suspend')),
  after_ms INTEGER CHECK (after_ms > 0),
  review_after_ms INTEGER CHECK (review_after_ms > 0),
  -- pending until its date; applied, or superseded by a later approved decision on the domain.
  stage_status TEXT CHECK (stage_status IN ('pending', 'applied', 'superseded')),
  stage_reminded_at INTEGER,
  stage_done_at INTEGER,
  superseded_by INTEGER REFERENCES proposals (id),
  review_reminded_at INTEGER,
  created_at INTEGER NOT NULL,
  CHECK ((then_action IS NULL) = (after_ms IS NULL)),
  CHECK ((then_action IS NULL) = (stage_status IS NULL))
) STRICT;
`;

export type StageStatus = 'pending' | 'applied' | 'superseded';

export interface ProposalPlan {
  proposalId: number;
  secondStage?: { action: Action; afterMs: number; status: StageStatus; remindedAt?: number; doneAt?: number; supersededBy?: number };
  reviewAfterMs?: number;
  reviewRemindedAt?: number;
}

interface Row {
  proposal_id: number;
  then_action: Action | null;
  after_ms: number | null;
  review_after_ms: number | null;
  stage_status: StageStatus | null;
  stage_reminded_at: number | null;
  stage_done_at: number | null;
  superseded_by: number | null;
  review_reminded_at: number | null;
}

export interface ProposalPlanRepository {
  /** Records what a new proposal plans; nothing when it plans nothing. */
  save(proposalId: number, plan: { secondStage?: { action: Action; afterMs: number }; reviewAfterMs?: number }): void;
  get(proposalId: number): ProposalPlan | undefined;
  /** Plans whose second stage is still pending. */
  listPendingStages(): ProposalPlan[];
  /** Marks the stage reminder sent; false when it already was (so it is sent once). */
  markStageReminded(proposalId: number, at: number): boolean;
  /** Ends a pending stage; false when it was no longer pending. */
  finishStage(proposalId: number, status: 'applied' | 'superseded', at: number, supersededBy?: number): boolean;
  /** Marks the review reminder sent; false when it already was. */
  markReviewReminded(proposalId: number, at: number): boolean;
}

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function toPlan(row: Row): ProposalPlan {
  return {
    proposalId: row.proposal_id,
    ...(row.then_action !== null && row.after_ms !== null && row.stage_status !== null
      ? {
          secondStage: {
            action: row.then_action,
            afterMs: row.after_ms,
            status: row.stage_status,
            remindedAt: opt(row.stage_reminded_at),
            doneAt: opt(row.stage_done_at),
            supersededBy: opt(row.superseded_by),
          },
        }
      : {}),
    reviewAfterMs: opt(row.review_after_ms),
    reviewRemindedAt: opt(row.review_reminded_at),
  };
}

export function createProposalPlanRepository(db: Database, clock: Clock): ProposalPlanRepository {
  const insert = db.prepare(
    `INSERT INTO proposal_plans (proposal_id, then_action, after_ms, review_after_ms, stage_status, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare<[number], Row>('SELECT * FROM proposal_plans WHERE proposal_id = ?');
  const pending = db.prepare<[], Row>("SELECT * FROM proposal_plans WHERE stage_status = 'pending' ORDER BY proposal_id");
  const remindStage = db.prepare(
    "UPDATE proposal_plans SET stage_reminded_at = ? WHERE proposal_id = ? AND stage_reminded_at IS NULL AND stage_status = 'pending'",
  );
  const finish = db.prepare(
    "UPDATE proposal_plans SET stage_status = ?, stage_done_at = ?, superseded_by = ? WHERE proposal_id = ? AND stage_status = 'pending'",
  );
  // A decision reviewed by governance.reviewAfter alone has no row yet: the reminder makes one.
  const remindReview = db.prepare(
    `INSERT INTO proposal_plans (proposal_id, review_reminded_at, created_at) VALUES (?, ?, ?)
     ON CONFLICT (proposal_id) DO UPDATE SET review_reminded_at = excluded.review_reminded_at WHERE review_reminded_at IS NULL`,
  );
  return {
    save(proposalId, plan) {
      if (!plan.secondStage && plan.reviewAfterMs === undefined) return;
      insert.run(
        proposalId,
        plan.secondStage?.action ?? null,
        plan.secondStage?.afterMs ?? null,
        plan.reviewAfterMs ?? null,
        plan.secondStage ? 'pending' : null,
        clock(),
      );
    },
    get(proposalId) {
      const row = select.get(proposalId);
      return row ? toPlan(row) : undefined;
    },
    listPendingStages: () => pending.all().map(toPlan),
    markStageReminded: (proposalId, at) => remindStage.run(at, proposalId).changes === 1,
    finishStage: (proposalId, status, at, supersededBy) => finish.run(status, at, supersededBy ?? null, proposalId).changes === 1,
    markReviewReminded: (proposalId, at) => remindReview.run(proposalId, at, clock()).changes === 1,
  };
}
