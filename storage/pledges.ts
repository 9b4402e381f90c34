// Pledges: social commitments to pay, optionally tied to a domain staying blocked. Amounts are integer minor units
// per ISO 4217 currency and are never converted; normalising to a month is the caller's arithmetic.

import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';
import { optional } from './sql-values.ts';

export type PledgePeriod = 'monthly' | 'yearly' | 'once';
export type PledgeRequirement = 'blocked' | 'suspended';
export type PledgeStatus = 'active' | 'at_risk' | 'released' | 'withdrawn';

export interface PledgeCondition {
  domain: string;
  require: PledgeRequirement;
}

export interface Pledge {
  id: number;
  pledger: string;
  amountMinor: number;
  currency: string;
  period: PledgePeriod;
  /** Absent: unconditional. */
  condition?: PledgeCondition;
  status: PledgeStatus;
  originEventId?: string;
  createdAt: number;
  updatedAt: number;
}

export interface NewPledge {
  pledger: string;
  amountMinor: number;
  currency: string;
  period: PledgePeriod;
  condition?: PledgeCondition;
  /** The command event; recording again with the same one returns the first pledge. */
  originEventId?: string;
  createdAt?: number;
}

/** One group of pledges with the same currency, period, condition and status. */
export interface PledgeTotal {
  currency: string;
  period: PledgePeriod;
  condition?: PledgeCondition;
  status: PledgeStatus;
  count: number;
  amountMinor: number;
}

export const STANDING_PLEDGE_STATUSES: readonly PledgeStatus[] = ['active', 'at_risk'];

export interface PledgeRepository {
  create(input: NewPledge): { pledge: Pledge; created: boolean };
  get(id: number): Pledge | undefined;
  listByPledger(pledger: string, statuses?: readonly PledgeStatus[]): Pledge[];
  /** Pledges whose condition names exactly this domain (what a proposal on it puts at stake). */
  listByConditionDomain(domain: string, statuses?: readonly PledgeStatus[]): Pledge[];
  listByStatus(statuses: readonly PledgeStatus[]): Pledge[];
  /** Optimistic like proposals' setState: false, changing nothing, if the pledge was not in `from`. */
  setStatus(id: number, from: PledgeStatus | readonly PledgeStatus[], to: PledgeStatus): boolean;
  /** Sums by currency, period, condition and status; defaults to standing (active and at-risk) pledges. */
  totals(statuses?: readonly PledgeStatus[]): PledgeTotal[];
}

interface PledgeRow {
  id: number;
  pledger: string;
  amount_minor: number;
  currency: string;
  period: PledgePeriod;
  condition_domain: string | null;
  condition_require: PledgeRequirement | null;
  status: PledgeStatus;
  origin_event_id: string | null;
  created_at: number;
  updated_at: number;
}

interface TotalRow {
  currency: string;
  period: PledgePeriod;
  condition_domain: string | null;
  condition_require: PledgeRequirement | null;
  status: PledgeStatus;
  count: number;
  amount_minor: number;
}

function conditionOf(row: Pick<PledgeRow, 'condition_domain' | 'condition_require'>): PledgeCondition | undefined {
  return row.condition_domain === null || row.condition_require === null
    ? undefined
    : { domain: row.condition_domain, require: row.condition_require };
}

function toPledge(row: PledgeRow): Pledge {
  return {
    id: row.id,
    pledger: row.pledger,
    amountMinor: row.amount_minor,
    currency: row.currency,
    period: row.period,
    condition: conditionOf(row),
    status: row.status,
    originEventId: optional(row.origin_event_id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const ALL_STATUSES: readonly PledgeStatus[] = ['active', 'at_risk', 'released', 'withdrawn'];
const IN_STATUSES = 'status IN (SELECT value FROM json_each(?))';

export function createPledgeRepository(db: Database, clock: Clock): PledgeRepository {
  const insert = db.prepare<unknown[], { id: number }>(
    `INSERT INTO pledges (pledger, amount_minor, currency, period, condition_domain, condition_require,
       origin_event_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin_event_id) DO NOTHING RETURNING id`,
  );
  const selectById = db.prepare<[number], PledgeRow>('SELECT * FROM pledges WHERE id = ?');
  const selectByOrigin = db.prepare<[string], PledgeRow>('SELECT * FROM pledges WHERE origin_event_id = ?');
  const selectByPledger = db.prepare<[string, string], PledgeRow>(
    `SELECT * FROM pledges WHERE pledger = ? AND ${IN_STATUSES} ORDER BY id`,
  );
  const selectByDomain = db.prepare<[string, string], PledgeRow>(
    `SELECT * FROM pledges WHERE condition_domain = ? AND ${IN_STATUSES} ORDER BY id`,
  );
  const selectByStatus = db.prepare<[string], PledgeRow>(`SELECT * FROM pledges WHERE ${IN_STATUSES} ORDER BY id`);
  const updateStatus = db.prepare<[string, number, number, string]>(
    'UPDATE pledges SET status = ?, updated_at = ? WHERE id = ? AND status IN (SELECT value FROM json_each(?))',
  );
  const selectTotals = db.prepare<[string], TotalRow>(
    `SELECT currency, period, condition_domain, condition_require, status, count(*) AS count,
       sum(amount_minor) AS amount_minor
     FROM pledges WHERE ${IN_STATUSES}
     GROUP BY currency, period, condition_domain, condition_require, status
     ORDER BY currency, period, condition_domain, condition_require, status`,
  );

  const create = db.transaction((input: NewPledge) => {
    const now = input.createdAt ?? clock();
    const row = insert.get(
      input.pledger,
      input.amountMinor,
      input.currency,
      input.period,
      input.condition?.domain ?? null,
      input.condition?.require ?? null,
      input.originEventId ?? null,
      now,
      now,
    );
    if (row) return { pledge: toPledge(selectById.get(row.id)!), created: true };
    return { pledge: toPledge(selectByOrigin.get(input.originEventId!)!), created: false };
  });

  const statuses = (list: readonly PledgeStatus[] | undefined) => JSON.stringify(list ?? ALL_STATUSES);

  return {
    create: (input) => create(input),
    get(id) {
      const row = selectById.get(id);
      return row ? toPledge(row) : undefined;
    },
    listByPledger: (pledger, list) => selectByPledger.all(pledger, statuses(list)).map(toPledge),
    listByConditionDomain: (domain, list) => selectByDomain.all(domain, statuses(list)).map(toPledge),
    listByStatus: (list) => selectByStatus.all(statuses(list)).map(toPledge),
    setStatus: (id, from, to) =>
      updateStatus.run(to, clock(), id, JSON.stringify(typeof from === 'string' ? [from] : from)).changes === 1,
    totals: (list = STANDING_PLEDGE_STATUSES) =>
      selectTotals.all(statuses(list)).map((row) => ({
        currency: row.currency,
        period: row.period,
        condition: conditionOf(row),
        status: row.status,
        count: row.count,
        amountMinor: row.amount_minor,
      })),
  };
}
