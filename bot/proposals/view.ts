// How stored proposals look to commands: the view the chat renders, and which blocks the decisions keep in force.
import type { ProposalView } from '../../commands/chat/ports.ts';
import type { Action } from '../../governance/types.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { Store } from '../../storage/store.ts';

export function toView(store: Store, record: Proposal): ProposalView {
  const polls = store.polls.forProposal(record.id);
  return {
    id: record.id,
    domain: record.domain,
    action: record.action,
    options: { rejectMedia: record.rejectMedia, rejectReports: record.rejectReports, obfuscate: record.obfuscate },
    state: record.state,
    proposer: record.proposer,
    reason: record.publicReason,
    privateComment: record.privateComment,
    evidence: store.proposals.evidence(record.id, 'public').map((e) => e.url),
    createdAt: record.createdAt,
    openedAt: record.openedAt,
    deadlineAt: record.deadlineAt,
    closedAt: record.closedAt,
    outcome: record.outcome,
    tally: record.tally,
    rules: record.rules,
    secondsRequired: record.secondsRequired,
    secondsHave: store.seconds.count(record.id),
    disclosed: polls.length > 0 && polls.every((p) => p.kind === 'disclosed'),
    resultLine: record.resultLine,
    applyError: record.applyError,
  };
}

export interface BlockInForce {
  domain: string;
  action: Exclude<Action, 'lift'>;
  proposalId: number;
}

/** States in which an approved decision stands (applied, or on its way to be). */
const STANDING = ['approved', 'applying', 'applied', 'apply_failed'] as const;

/**
 * The block each domain has by decision: the latest standing decision per domain wins, and a lift removes the block.
 * Used to refuse proposals that would change nothing; the Mastodon gateway compares with the server separately.
 */
export function blocksInForce(store: Store): BlockInForce[] {
  const latest = new Map<string, Proposal>();
  const decisions = store.proposals.listInStates(STANDING);
  for (const decision of decisions) {
    const seen = latest.get(decision.domain);
    if (!seen || decisionTime(decision) > decisionTime(seen) || (decisionTime(decision) === decisionTime(seen) && decision.id > seen.id)) {
      latest.set(decision.domain, decision);
    }
  }
  const blocks: BlockInForce[] = [];
  for (const decision of latest.values()) {
    if (decision.action !== 'lift') blocks.push({ domain: decision.domain, action: decision.action, proposalId: decision.id });
  }
  return blocks.sort((a, b) => a.domain.localeCompare(b.domain));
}

function decisionTime(p: Proposal): number {
  return p.closedAt ?? p.createdAt;
}
