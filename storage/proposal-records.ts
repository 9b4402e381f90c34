// Proposal records: the domain objects the proposal repository hands out and takes in, and the mapping from rows.

import type { PriorBlock } from '../governance/proposal-check.ts';
import type { Action, Outcome, ProposalState, Rules, Tally } from '../governance/types.ts';
import { fromFlag, optional, parseJson } from './sql-values.ts';

export type EvidenceVisibility = 'public' | 'private';

export interface Evidence {
  url: string;
  visibility: EvidenceVisibility;
}

export interface Proposal {
  /** The public proposal number. */
  id: number;
  domain: string;
  action: Action;
  rejectMedia: boolean;
  rejectReports: boolean;
  obfuscate: boolean;
  publicReason?: string;
  privateComment?: string;
  durationMs: number;
  proposer: string;
  originRoomId?: string;
  originEventId?: string;
  state: ProposalState;
  secondsRequired: number;
  createdAt: number;
  updatedAt: number;
  openedAt?: number;
  deadlineAt?: number;
  /** Also the vote cut-off: responses with a later ts are kept but never count. */
  closedAt?: number;
  appliedAt?: number;
  outcome?: Outcome;
  /** The rules in force, snapshotted when the poll opened. */
  rules?: Rules;
  /** The tally recorded at the close. */
  tally?: Tally;
  /** The first line of the announced result, kept so every announcement repeats it exactly. */
  resultLine?: string;
  mastodonBlockId?: string;
  applyError?: string;
  supersedesId?: number;
  /** The instance's block on the domain itself when it was proposed, if it had one. */
  priorBlock?: PriorBlock;
}

export interface NewProposal {
  domain: string;
  action: Action;
  rejectMedia?: boolean;
  rejectReports?: boolean;
  obfuscate?: boolean;
  publicReason?: string | null;
  privateComment?: string | null;
  durationMs: number;
  proposer: string;
  originRoomId?: string | null;
  /** The command event; creating again with the same one returns the first proposal. */
  originEventId?: string | null;
  secondsRequired?: number;
  /** Defaults to 'proposed'. Importing existing blocks records them directly in a decided state. */
  state?: ProposalState;
  createdAt?: number;
  evidence?: readonly Evidence[];
  supersedesId?: number | null;
  priorBlock?: PriorBlock | null;
}

/** Columns that may change together with the state. A key that is present is written, even when null. */
export interface ProposalChanges {
  openedAt?: number | null;
  deadlineAt?: number | null;
  closedAt?: number | null;
  appliedAt?: number | null;
  outcome?: Outcome | null;
  rules?: Rules | null;
  tally?: Tally | null;
  resultLine?: string | null;
  mastodonBlockId?: string | null;
  applyError?: string | null;
}

export interface ProposalRow {
  id: number;
  domain: string;
  action: Action;
  reject_media: number;
  reject_reports: number;
  obfuscate: number;
  public_reason: string | null;
  private_comment: string | null;
  duration_ms: number;
  proposer: string;
  origin_room_id: string | null;
  origin_event_id: string | null;
  state: ProposalState;
  seconds_required: number;
  created_at: number;
  updated_at: number;
  opened_at: number | null;
  deadline_at: number | null;
  closed_at: number | null;
  applied_at: number | null;
  outcome: Outcome | null;
  rules_json: string | null;
  tally_yes: number | null;
  tally_no: number | null;
  tally_abstain: number | null;
  tally_spoiled: number | null;
  tally_eligible: number | null;
  tally_cast: number | null;
  tally_unreadable: number | null;
  result_line: string | null;
  mastodon_block_id: string | null;
  apply_error: string | null;
  supersedes_id: number | null;
  prior_block_json: string | null;
}

export function toProposal(row: ProposalRow): Proposal {
  return {
    id: row.id,
    domain: row.domain,
    action: row.action,
    rejectMedia: fromFlag(row.reject_media),
    rejectReports: fromFlag(row.reject_reports),
    obfuscate: fromFlag(row.obfuscate),
    publicReason: optional(row.public_reason),
    privateComment: optional(row.private_comment),
    durationMs: row.duration_ms,
    proposer: row.proposer,
    originRoomId: optional(row.origin_room_id),
    originEventId: optional(row.origin_event_id),
    state: row.state,
    secondsRequired: row.seconds_required,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    openedAt: optional(row.opened_at),
    deadlineAt: optional(row.deadline_at),
    closedAt: optional(row.closed_at),
    appliedAt: optional(row.applied_at),
    outcome: optional(row.outcome),
    rules: row.rules_json === null ? undefined : parseJson<Rules>(row.rules_json),
    tally: toTally(row),
    resultLine: optional(row.result_line),
    mastodonBlockId: optional(row.mastodon_block_id),
    applyError: optional(row.apply_error),
    supersedesId: optional(row.supersedes_id),
    priorBlock: row.prior_block_json === null ? undefined : parseJson<PriorBlock>(row.prior_block_json),
  };
}

function toTally(row: ProposalRow): Tally | undefined {
  const { tally_yes, tally_no, tally_abstain, tally_spoiled, tally_eligible, tally_cast } = row;
  if (tally_yes === null || tally_no === null || tally_abstain === null) return undefined;
  if (tally_spoiled === null || tally_eligible === null || tally_cast === null) return undefined;
  return {
    yes: tally_yes,
    no: tally_no,
    abstain: tally_abstain,
    spoiled: tally_spoiled,
    eligible: tally_eligible,
    cast: tally_cast,
    ...(row.tally_unreadable ? { unreadable: row.tally_unreadable } : {}),
  };
}
