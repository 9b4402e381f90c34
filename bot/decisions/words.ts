// How apply plans and drift read in chat.
import type { ApplyPlan, BlockField, DriftItem } from '../../governance/apply-plan.ts';
import type { Action } from '../../governance/types.ts';

export function title(p: { id: number; action: Action; domain: string }): string {
  return `Proposal ${p.id} (${p.action} ${p.domain})`;
}

const FIELD_WORDS: Record<BlockField, string> = {
  severity: 'severity',
  rejectMedia: 'reject media',
  rejectReports: 'reject reports',
  obfuscate: 'obfuscate',
  publicComment: 'public comment',
  privateComment: 'private comment',
};

export function fieldList(fields: readonly BlockField[]): string {
  return fields.map((f) => FIELD_WORDS[f]).join(', ');
}

const SEVERITY_WORDS = { suspend: 'suspend', silence: 'limit', noop: 'no-op' } as const;

export function describePlan(plan: ApplyPlan, p: { domain: string }): string {
  switch (plan.kind) {
    case 'create':
      return `add a ${SEVERITY_WORDS[plan.wanted.severity]} block for ${p.domain}`;
    case 'update':
      return `change the block of ${p.domain} (${fieldList(plan.changes)})`;
    case 'in_place':
      return `found the block of ${p.domain} already as decided`;
    case 'covered':
      return `left ${p.domain} to the ${SEVERITY_WORDS[plan.parent.severity]} block of ${plan.parent.domain}, which already covers it`;
    case 'delete':
      return `remove the block of ${p.domain}`;
    case 'lift_covered':
      return `not lift ${p.domain}: it is covered by the block of ${plan.parent.domain}`;
    case 'nothing_to_lift':
      return `found no block of ${p.domain} to remove`;
  }
}

export function describeDrift(item: DriftItem, prefix: string): string {
  switch (item.kind) {
    case 'missing':
      return `${item.decision.domain}: decided (proposal ${item.decision.proposalId}) but not blocked on the instance. Settle with: ${prefix} apply ${item.decision.proposalId}`;
    case 'differs':
      return `${item.decision.domain}: the block differs from proposal ${item.decision.proposalId} (${fieldList(item.changes)}). Settle with: ${prefix} apply ${item.decision.proposalId}`;
    case 'still_blocked':
      return `${item.decision.domain}: lifted by proposal ${item.decision.proposalId} but still blocked on the instance. Settle with: ${prefix} apply ${item.decision.proposalId}`;
    case 'undecided':
      return `${item.block.domain}: blocked on the instance (${SEVERITY_WORDS[item.block.severity]}) without a decision. Settle with: fedimoot import (record it), or ${prefix} propose ${item.block.domain} lift`;
  }
}
