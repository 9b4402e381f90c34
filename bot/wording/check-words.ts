// The words for a proposal that would change nothing, and for the block a proposal starts from.
import type { StandingDecision } from '../../governance/apply-plan.ts';
import type { ListedBlock, ProposalVerdict } from '../../governance/proposal-check.ts';
import { BLOCKED_AS, proposalTitle, sinceWords } from './describe.ts';

const SEVERITY_ACTION = { silence: 'limit', suspend: 'suspend', noop: 'noop' } as const;

/** Who made the block: "proposal 4", "recorded by import", or "not by a vote here". */
function origin(decision: StandingDecision | undefined): string {
  if (!decision || decision.action === 'lift') return 'not by a vote here';
  return decision.imported ? `recorded from the instance as proposal ${decision.proposalId}, not voted` : `proposal ${decision.proposalId}`;
}

/**
 * Why the proposal is refused. `onInstance`: the verdict was made on the instance's list (so the words can say "on
 * the instance" and since when); otherwise on the decisions alone.
 */
export function changesNothingWords(domain: string, verdict: Exclude<ProposalVerdict, { kind: 'ok' }>, onInstance: boolean, prefix: string): string {
  const where = onInstance ? ' on the instance' : '';
  const about = (block: ListedBlock, decision: StandingDecision | undefined) =>
    onInstance ? `${sinceWords(block.createdAt)} (${origin(decision)})` : ` (${origin(decision)})`;
  switch (verdict.kind) {
    case 'already': {
      const action = SEVERITY_ACTION[verdict.block.severity];
      const state = action === 'noop' ? 'blocked' : BLOCKED_AS[action];
      return `${domain} is already ${state}${where}${about(verdict.block, verdict.decision)}.`;
    }
    case 'covered':
      return `${domain} is already covered by the ${SEVERITY_ACTION[verdict.parent.severity]} of ${verdict.parent.domain}${where}` +
        `${about(verdict.parent, verdict.decision)}.`;
    case 'decided': {
      const d = verdict.decision;
      return `${domain} is already decided: ${proposalTitle({ id: d.proposalId, action: d.action, domain: d.domain }, { midSentence: true })} is approved and waits to be applied.`;
    }
    case 'lift_covered':
      return `${domain} is not blocked itself; it is covered by the block of ${verdict.parent.domain}${where}` +
        `${about(verdict.parent, verdict.decision)}. Propose to lift ${verdict.parent.domain} instead.`;
    case 'nothing_to_lift': {
      const logged = verdict.decision
        ? ` The decision log says proposal ${verdict.decision.proposalId} blocked it; staff see the difference with ${prefix} sync.`
        : '';
      return `${domain} is not blocked${where}, so there is nothing to lift.${logged}`;
    }
  }
}
