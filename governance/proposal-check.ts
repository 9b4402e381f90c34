// Whether a proposal would change anything, judged against what is blocked now. The instance's own block list is
// the source of truth (a block that predates the bot counts like any other); the decisions stand beside it for
// what was decided but is not on the instance yet. Without a readable instance, the decisions alone. Pure: the
// caller reads the list and words the verdict.
import { atLeastAsStrict, indexBlocks, wantedBlock, type StandingDecision } from './apply-plan.ts';
import { actionOf, severityOf, type DomainBlock } from './blocks.ts';
import type { Action } from './types.ts';

/** A block as the instance lists it, with the time it was made when the server says. */
export interface ListedBlock extends DomainBlock {
  createdAt?: string;
}

/** What the instance had on the proposal's own domain when it was made: the "from" of a change. */
export interface PriorBlock {
  action: Exclude<Action, 'lift'>;
  /** When the instance made the block (ISO 8601), when it said. */
  since?: string;
  /** False when no vote here made it: it predates fedimoot, or was imported. */
  byVote: boolean;
}

export type ProposalVerdict =
  | { kind: 'ok'; prior?: PriorBlock }
  /** A block on the domain itself, at least as strict as what is proposed. */
  | { kind: 'already'; block: ListedBlock; decision?: StandingDecision }
  /** A block on a parent domain, at least as strict as what is proposed. */
  | { kind: 'covered'; parent: ListedBlock; decision?: StandingDecision }
  /** Decided but not on the instance yet (approved, being applied, or failed to apply). */
  | { kind: 'decided'; decision: StandingDecision }
  /** A lift of a domain that has no block of its own but is covered by a parent's. */
  | { kind: 'lift_covered'; parent: ListedBlock; decision?: StandingDecision }
  /** A lift of a domain nothing blocks; `decision` when the log says a block stands that the instance lacks. */
  | { kind: 'nothing_to_lift'; decision?: StandingDecision };

export interface ProposalToCheck {
  domain: string;
  action: Action;
  rejectMedia: boolean;
  rejectReports: boolean;
}

/** Only a silence or a suspend restricts a domain; a noop rule (which only rejects media, say) is no block here. */
const restricts = (block: ListedBlock | undefined): block is ListedBlock & { severity: 'silence' | 'suspend' } => block !== undefined && block.severity !== 'noop';

function asStrict(block: DomainBlock, proposal: ProposalToCheck): boolean {
  if (proposal.action === 'lift') return false;
  return atLeastAsStrict(block, wantedBlock({ ...proposal, proposalId: 0, obfuscate: false, action: proposal.action }));
}

/**
 * `blocks`: the instance's list, or undefined when there is no instance or it could not be read (then the decisions
 * stand in for it). `decisions`: the latest standing decision per domain (drift.ts standingDecisions).
 */
export function checkProposal(proposal: ProposalToCheck, blocks: readonly ListedBlock[] | undefined, decisions: readonly StandingDecision[]): ProposalVerdict {
  const byDomain = new Map(decisions.map((d) => [d.domain, d]));
  const listed = blocks ?? fromDecisions(decisions);
  const index = indexBlocks(listed);
  const own = index.own(proposal.domain) as ListedBlock | undefined;
  const nearest = index.parent(proposal.domain) as ListedBlock | undefined;
  const decision = byDomain.get(proposal.domain);
  // A decision not on the instance yet is what will be there: it decides over the instance's current block.
  const pending = blocks && decision?.awaitingApply ? decision : undefined;

  if (proposal.action === 'lift') {
    if (pending) return pending.action === 'lift' ? { kind: 'nothing_to_lift' } : { kind: 'ok' };
    if (restricts(own)) return { kind: 'ok', prior: blocks ? priorOf(own, decision) : undefined };
    if (restricts(nearest)) return { kind: 'lift_covered', parent: nearest, decision: byDomain.get(nearest.domain) };
    const standing = decision && decision.action !== 'lift' ? decision : undefined;
    return { kind: 'nothing_to_lift', decision: blocks ? standing : undefined };
  }

  if (pending && pending.action !== 'lift' && asStrict(blockOf(pending), proposal)) return { kind: 'decided', decision: pending };
  if (restricts(own) && !(pending?.action === 'lift')) {
    if (asStrict(own, proposal)) return { kind: 'already', block: own, decision };
    return { kind: 'ok', prior: blocks ? priorOf(own, decision) : undefined };
  }
  if (restricts(nearest) && asStrict(nearest, proposal)) return { kind: 'covered', parent: nearest, decision: byDomain.get(nearest.domain) };
  return { kind: 'ok' };
}

function priorOf(own: ListedBlock & { severity: 'silence' | 'suspend' }, decision: StandingDecision | undefined): PriorBlock {
  const byVote = decision !== undefined && decision.action !== 'lift' && !decision.imported;
  return { action: actionOf(own.severity), since: own.createdAt, byVote };
}

function blockOf(decision: StandingDecision): ListedBlock {
  return {
    id: `decision-${decision.proposalId}`,
    domain: decision.domain,
    severity: severityOf(decision.action),
    rejectMedia: decision.rejectMedia,
    rejectReports: decision.rejectReports,
    obfuscate: decision.obfuscate,
  };
}

/** The blocks the decisions call for, standing in for an instance that is absent or cannot be read. */
function fromDecisions(decisions: readonly StandingDecision[]): ListedBlock[] {
  return decisions.filter((d) => d.action !== 'lift').map(blockOf);
}
