// How apply plans and drift read in chat.
import type { ApplyPlan, BlockField, DriftItem } from '../../governance/apply-plan.ts';
import type { DomainBlock } from '../../governance/blocks.ts';
import type { ApplyPreview, ApplyStarted } from '../contracts/instance-ports.ts';
import { proposalTitle } from './describe.ts';

export const SUSPEND_ONLY_WORDS = 'this server can only suspend; a limit or rejecting media or reports cannot be applied here';

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

/** A block's settings in words: "limit, reject media". */
export function describeBlock(b: { severity: keyof typeof SEVERITY_WORDS; rejectMedia: boolean; rejectReports: boolean }): string {
  return [SEVERITY_WORDS[b.severity], ...(b.rejectMedia ? ['reject media'] : []), ...(b.rejectReports ? ['reject reports'] : [])].join(', ');
}

/**
 * Why Mastodon refuses a block under `parent`, e.g. `limit --reject-reports` under a `limit --reject-media` parent.
 * Calling that "covered" would claim an option the vote asked for; staff must settle it.
 */
export function conflictWords(parent: DomainBlock): string {
  return `the instance refuses it because of its block of ${parent.domain} (${describeBlock(parent)}): ` +
    'Mastodon accepts a block under it only if it is at least as strict in severity, reject media and reject reports';
}

/** What applying does, as "I would …" (a preview) or as what was done. */
export function describePlan(plan: ApplyPlan, p: { domain: string }, tense: 'would' | 'did' = 'would'): string {
  const did = tense === 'did';
  switch (plan.kind) {
    case 'create':
      return `${did ? 'added' : 'add'} a ${SEVERITY_WORDS[plan.wanted.severity]} block for ${p.domain}`;
    case 'update':
      return `${did ? 'changed' : 'change'} the block of ${p.domain} (${fieldList(plan.changes)})`;
    case 'in_place':
      return did ? `found the block of ${p.domain} already as decided` : `find the block of ${p.domain} already as decided and change nothing`;
    case 'covered':
      return `${did ? 'left' : 'leave'} ${p.domain} to the ${SEVERITY_WORDS[plan.parent.severity]} block of ${plan.parent.domain}, which already covers it`;
    case 'conflict':
      return `${did ? 'could ' : ''}not block ${p.domain}: ${conflictWords(plan.parent)}`;
    case 'delete':
      return `${did ? 'removed' : 'remove'} the block of ${p.domain}`;
    case 'lift_covered':
      return `${did ? 'could ' : ''}not lift ${p.domain}: it is covered by the block of ${plan.parent.domain}`;
    case 'nothing_to_lift':
      return did ? `found no block of ${p.domain} to remove` : `find no block of ${p.domain} to remove and change nothing`;
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
      return `${item.block.domain}: blocked on the instance (${SEVERITY_WORDS[item.block.severity]}) without a decision. Settle with: ${prefix} import (record it), or ${prefix} propose ${item.block.domain} lift`;
  }
}

/** What applying would do, as "for Proposal n (…) I would …"; a server that cannot do it reads as a refusal. */
export function previewWords(preview: ApplyPreview): string {
  const title = proposalTitle(preview.proposal);
  if ('plan' in preview) return `for ${title} I would ${describePlan(preview.plan, preview.proposal)}`;
  return `for ${title} I would change nothing and mark it failed: ${SUSPEND_ONLY_WORDS}`;
}

/** The answer to `apply`: what was previewed, started or retried. */
export function applyStartedWords(started: ApplyStarted): string {
  const title = proposalTitle(started.proposal);
  switch (started.kind) {
    case 'dry_run':
      return `${started.byConfig ? 'Dry run (mastodon.dryRun is on)' : 'Dry run'}: ${previewWords(started.preview)}. Nothing was changed.`;
    case 'applying':
      return `Applying ${title} now; the result follows in the proposal's rooms.`;
    case 'retrying': {
      const last = started.lastError ? ` The last attempt failed: ${started.lastError}.` : '';
      return `${title} was still being applied, retrying in the background.${last} I try again now; as always I compare with the instance's blocks first, so nothing is blocked twice. The result follows in the proposal's rooms.`;
    }
  }
}
