// What applying a decision means against the blocks the instance has, and how decisions and blocks have drifted
// apart. Pure: the caller reads the block list and carries the plan out.
import { severityOf, type BlockSettings, type DomainBlock, type Severity } from './blocks.ts';
import type { Action } from './types.ts';

export interface DecisionToApply {
  proposalId: number;
  domain: string;
  action: Action;
  rejectMedia: boolean;
  rejectReports: boolean;
  obfuscate: boolean;
  publicComment?: string;
  privateComment?: string;
}

export type BlockField = 'severity' | 'rejectMedia' | 'rejectReports' | 'obfuscate' | 'publicComment' | 'privateComment';

export type ApplyPlan =
  | { kind: 'create'; wanted: BlockSettings }
  | { kind: 'update'; block: DomainBlock; wanted: BlockSettings; changes: BlockField[] }
  | { kind: 'in_place'; block: DomainBlock }
  | { kind: 'covered'; parent: DomainBlock }
  /** Mastodon would refuse the block (422): the nearest rule is neither as strict as it nor less strict in every respect. */
  | { kind: 'conflict'; parent: DomainBlock; wanted: BlockSettings }
  | { kind: 'delete'; block: DomainBlock }
  | { kind: 'lift_covered'; parent: DomainBlock }
  | { kind: 'nothing_to_lift' };

const RANK: Record<Severity, number> = { noop: 0, silence: 1, suspend: 2 };

export function wantedBlock(decision: DecisionToApply): BlockSettings {
  return {
    severity: severityOf(decision.action),
    rejectMedia: decision.rejectMedia,
    rejectReports: decision.rejectReports,
    obfuscate: decision.obfuscate,
    publicComment: decision.publicComment || undefined,
    privateComment: decision.privateComment || undefined,
  };
}

type Strictness = Pick<DomainBlock, 'severity' | 'rejectMedia' | 'rejectReports'>;

/** Mastodon's DomainBlock#stricter_than?: equal counts as stricter, and a suspend as stricter than anything. */
function stricterThan(a: Strictness, b: Strictness): boolean {
  if (a.severity === 'suspend') return true;
  return RANK[a.severity] >= RANK[b.severity] && (a.rejectMedia || !b.rejectMedia) && (a.rejectReports || !b.rejectReports);
}

/** Whether `block` already does at least what `wanted` asks. */
export function atLeastAsStrict(block: DomainBlock, wanted: BlockSettings): boolean {
  return stricterThan(block, wanted);
}

/** Fields where the block differs from what is wanted. A suspend-only server (GoToSocial) keeps only comments and obfuscate. */
export function differences(block: DomainBlock, wanted: BlockSettings, suspendOnly: boolean): BlockField[] {
  const fields: BlockField[] = [];
  if (!suspendOnly) {
    if (block.severity !== wanted.severity) fields.push('severity');
    if (block.rejectMedia !== wanted.rejectMedia) fields.push('rejectMedia');
    if (block.rejectReports !== wanted.rejectReports) fields.push('rejectReports');
  }
  if (block.obfuscate !== wanted.obfuscate) fields.push('obfuscate');
  if ((block.publicComment ?? '') !== (wanted.publicComment ?? '')) fields.push('publicComment');
  if ((block.privateComment ?? '') !== (wanted.privateComment ?? '')) fields.push('privateComment');
  return fields;
}

/** The blocks by domain, so that a drift check over thousands of decisions and blocks stays linear. */
export interface BlockIndex {
  own(domain: string): DomainBlock | undefined;
  /**
   * The nearest block on a parent domain, not the domain's own: Mastodon's DomainBlock.rule_for (longest suffix wins),
   * a noop included, since a noop nearer than a suspend keeps the domain federated.
   */
  parent(domain: string): DomainBlock | undefined;
}

export function indexBlocks(blocks: readonly DomainBlock[]): BlockIndex {
  const byDomain = new Map<string, DomainBlock>();
  for (const block of blocks) if (!byDomain.has(block.domain)) byDomain.set(block.domain, block);
  return {
    own: (domain) => byDomain.get(domain),
    parent(domain) {
      for (let dot = domain.indexOf('.'); dot !== -1; dot = domain.indexOf('.', dot + 1)) {
        const block = byDomain.get(domain.slice(dot + 1));
        if (block) return block;
      }
      return undefined;
    },
  };
}

export function planApply(decision: DecisionToApply, blocks: readonly DomainBlock[] | BlockIndex, suspendOnly: boolean): ApplyPlan {
  const index = Array.isArray(blocks) ? indexBlocks(blocks) : (blocks as BlockIndex);
  const own = index.own(decision.domain);
  const nearest = index.parent(decision.domain);
  // A noop rule decides too: it covers nothing, so there is no covering parent behind it.
  const parent = nearest?.severity === 'noop' ? undefined : nearest;
  if (decision.action === 'lift') {
    if (own) return { kind: 'delete', block: own };
    return parent ? { kind: 'lift_covered', parent } : { kind: 'nothing_to_lift' };
  }
  const wanted = wantedBlock(decision);
  if (own) {
    const changes = differences(own, wanted, suspendOnly);
    return changes.length === 0 ? { kind: 'in_place', block: own } : { kind: 'update', block: own, wanted, changes };
  }
  if (parent && atLeastAsStrict(parent, wanted)) return { kind: 'covered', parent };
  // Mastodon accepts a block under its nearest rule (a noop's flags included) only if it is at least as strict as
  // that rule; GoToSocial checks no parents.
  if (nearest && !suspendOnly && !stricterThan(wanted, nearest)) return { kind: 'conflict', parent: nearest, wanted };
  return { kind: 'create', wanted };
}

/** The latest standing decision for a domain (a lift included), as the drift check compares it. */
export interface StandingDecision extends DecisionToApply {
  /** Imported from the server rather than voted. */
  imported: boolean;
  /** Approved but not in force yet (waiting, being applied, or failed to apply). */
  awaitingApply?: boolean;
}

export type DriftItem =
  | { kind: 'missing'; decision: StandingDecision }
  | { kind: 'differs'; decision: StandingDecision; block: DomainBlock; changes: BlockField[] }
  | { kind: 'still_blocked'; decision: StandingDecision; block: DomainBlock }
  | { kind: 'undecided'; block: DomainBlock };

export function computeDrift(decisions: readonly StandingDecision[], blocks: readonly DomainBlock[], suspendOnly: boolean): DriftItem[] {
  const items: DriftItem[] = [];
  const decided = new Map(decisions.map((d) => [d.domain, d]));
  const index = indexBlocks(blocks);
  for (const decision of decisions) {
    const plan = planApply(decision, index, suspendOnly);
    if (plan.kind === 'create' || plan.kind === 'conflict') items.push({ kind: 'missing', decision });
    else if (plan.kind === 'update') items.push({ kind: 'differs', decision, block: plan.block, changes: plan.changes });
    else if (plan.kind === 'delete') items.push({ kind: 'still_blocked', decision, block: plan.block });
  }
  for (const block of blocks) {
    if (!decided.has(block.domain) && block.severity !== 'noop') items.push({ kind: 'undecided', block });
  }
  return items.sort((a, b) => driftDomain(a).localeCompare(driftDomain(b)));
}

export function driftDomain(item: DriftItem): string {
  return item.kind === 'undecided' ? item.block.domain : item.decision.domain;
}

/** Whether a suspend-only server can carry out this decision as voted. */
export function needsMoreThanSuspend(action: Action, options: { rejectMedia: boolean; rejectReports: boolean }): boolean {
  return action === 'limit' || options.rejectMedia || options.rejectReports;
}
