// How stored proposals look to commands: the view the chat renders.
import type { ProposalView } from '../contracts/ports.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { Store } from '../../storage/store.ts';
import type { ProposalPlan } from '../../storage/stages.ts';
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
    ...(plan?.secondStage ? { secondStage: stageView(plan.secondStage, record.appliedAt) } : {}),
    ...(plan?.reviewAfterMs !== undefined ? { reviewAfterMs: plan.reviewAfterMs } : {}),
    ...reviewAtOf(store, record.id),
  };
}

function stageView(stage: NonNullable<ProposalPlan['secondStage']>, appliedAt: number | undefined): NonNullable<ProposalView['secondStage']> {
  return {
    action: stage.action,
    afterMs: stage.afterMs,
    status: stage.status,
    ...(appliedAt !== undefined ? { dueAt: stage.doneAt ?? appliedAt + stage.afterMs } : {}),
    ...(stage.supersededBy !== undefined ? { supersededBy: stage.supersededBy } : {}),
  };
}

/** The review date as the published log states it (the decision entry's `reviewAt`), so chat and log agree. */
function reviewAtOf(store: Store, id: number): { reviewAt?: number } {
  for (const e of store.log.forProposal(id)) {
    const entry = JSON.parse(e.entryJson) as { kind: string; reviewAt?: string };
    if (entry.kind === 'decision' && entry.reviewAt) return { reviewAt: Date.parse(entry.reviewAt) };
  }
  return {};
}
