// How stored proposals look to commands: the view the chat renders.
import type { ProposalView } from '../../commands/chat/ports.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { Store } from '../../storage/store.ts';
import { IMPORTED_BY } from './standing.ts';

export function toView(store: Store, record: Proposal): ProposalView {
  const polls = store.polls.forProposal(record.id);
  const plan = store.plans.get(record.id);
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
    priorBlock: record.priorBlock,
    imported: record.proposer === IMPORTED_BY || undefined,
    ...(plan?.secondStage ? { secondStage: { action: plan.secondStage.action, afterMs: plan.secondStage.afterMs } } : {}),
    ...(plan?.reviewAfterMs !== undefined ? { reviewAfterMs: plan.reviewAfterMs } : {}),
  };
}
