// Recording a proposal and its seconds. Opening the poll is open-poll.ts's job.
import type { ProposalView, Proposed, ProposeInput, Result } from '../contracts/ports.ts';
import { fail, ok } from '../contracts/ports.ts';
import { proposalRef, type ProposalRefusal } from '../contracts/refusals.ts';
import { checkProposal, type ListedBlock, type PriorBlock } from '../../governance/proposal-check.ts';
import type { ProposalDeps } from './deps.ts';
import { toView } from './view.ts';
import { standingDecisions } from './standing.ts';
import { answerWithin } from './answer-within.ts';
import { openProposal, type OpenContext } from './open-poll.ts';
import { needsMoreThanSuspend } from '../../governance/apply-plan.ts';

/** A proposal waits this long for the instance's block list before it is checked against the decisions alone. */
const BLOCK_LIST_WAIT_MS = 10_000;

type BlocksRead = { blocks: ListedBlock[] } | { blocks: undefined; why?: string };

/**
 * The instance's blocks, read now through the gateway's paced read (which also renews the list consecutive applies
 * share). Not the kept list: a block an admin made in the UI a moment ago must be seen, and proposals come at the
 * pace of people. Undefined (with why) when it cannot be read.
 */
async function instanceBlocks(deps: Pick<ProposalDeps, 'instance' | 'logger'>): Promise<BlocksRead> {
  if (!deps.instance) return { blocks: undefined };
  try {
    const blocks = await answerWithin(deps.instance.listBlocks(), BLOCK_LIST_WAIT_MS);
    return { blocks };
  } catch (error) {
    deps.logger.warn({ err: error }, "could not read the instance's blocks to check a proposal; checking against the decision log only");
    return { blocks: undefined, why: error instanceof Error ? error.message : String(error) };
  }
}

type Checked = { ok: true; prior?: PriorBlock; blockListUnread?: string } | { ok: false; reason: ProposalRefusal };

async function checkAgainstBlocks(deps: Pick<ProposalDeps, 'store' | 'instance' | 'logger'>, input: ProposeInput): Promise<Checked> {
  const read = await instanceBlocks(deps);
  const unread = read.blocks === undefined && read.why !== undefined ? { blockListUnread: read.why } : {};
  const verdict = checkProposal({ domain: input.domain, action: input.action, ...input.options }, read.blocks, standingDecisions(deps.store));
  if (verdict.kind !== 'ok') return fail({ kind: 'changes_nothing', domain: input.domain, verdict, onInstance: read.blocks !== undefined, ...unread });
  return { ok: true, prior: verdict.prior, ...unread };
}

/** GoToSocial can only suspend: a limit or reject options are refused now rather than silently turned into a suspend. */
async function checkServerCanDo(deps: Pick<ProposalDeps, 'instance'>, input: ProposeInput): Promise<ProposalRefusal | undefined> {
  if (!deps.instance || input.action === 'lift' || !needsMoreThanSuspend(input.action, input.options)) return undefined;
  let suspendOnly: boolean;
  try {
    suspendOnly = await deps.instance.suspendOnly();
  } catch {
    return undefined;
  }
  return suspendOnly ? { kind: 'suspend_only_server', domain: input.domain } : undefined;
}

/** The second stage and review delay for the audit trail, only when given (earlier audit rows read the same). */
function stageDetail(input: ProposeInput) {
  return {
    ...(input.secondStage ? { secondStage: input.secondStage } : {}),
    ...(input.reviewAfterMs !== undefined ? { reviewAfterMs: input.reviewAfterMs } : {}),
  };
}

export async function propose(deps: OpenContext, input: ProposeInput): Promise<Result<Proposed, ProposalRefusal>> {
  const g = deps.config.governance;
  const durationMs = input.durationMs ?? g.votingPeriod;
  if (durationMs < g.minVotingPeriod || durationMs > g.maxVotingPeriod) {
    return fail({ kind: 'duration_out_of_range', durationMs, minMs: g.minVotingPeriod, maxMs: g.maxVotingPeriod, defaultMs: g.votingPeriod });
  }
  const existing = deps.store.proposals.findActiveByDomain(input.domain);
  if (existing) {
    return fail({ kind: 'domain_has_active_proposal', proposal: proposalRef(existing), domain: input.domain });
  }
  const checked = await checkAgainstBlocks(deps, input);
  if (!checked.ok) return checked;
  const cannot = await checkServerCanDo(deps, input);
  if (cannot) return fail(cannot);

  const id = deps.store.transaction(() => {
    const { proposal } = deps.store.proposals.create({
      domain: input.domain,
      action: input.action,
      rejectMedia: input.options.rejectMedia,
      rejectReports: input.options.rejectReports,
      obfuscate: input.options.obfuscate,
      publicReason: input.reason,
      privateComment: input.privateComment,
      durationMs,
      proposer: input.proposer,
      originRoomId: input.roomId,
      originEventId: input.eventId,
      secondsRequired: g.seconds,
      createdAt: deps.now(),
      evidence: input.evidence.map((url) => ({ url, visibility: 'public' as const })),
      priorBlock: checked.prior,
    });
    deps.store.plans.save(proposal.id, { secondStage: input.secondStage, reviewAfterMs: input.reviewAfterMs });
    deps.store.audit.append({
      ts: deps.now(),
      actor: input.proposer,
      roomId: input.roomId,
      action: 'propose',
      proposalId: proposal.id,
      detail: { domain: input.domain, action: input.action, options: input.options, durationMs, ...stageDetail(input) },
    });
    return proposal.id;
  });
  if (g.seconds === 0) {
    const opened = await openProposal(deps, id);
    if (!opened.ok) return opened;
  }
  const unread = checked.blockListUnread !== undefined ? { blockListUnread: checked.blockListUnread } : {};
  return ok({ ...toView(deps.store, deps.store.proposals.get(id)!), ...unread });
}

export async function second(deps: OpenContext, id: number, user: string): Promise<Result<ProposalView, ProposalRefusal>> {
  const record = deps.store.proposals.get(id);
  if (!record) return fail({ kind: 'no_such_proposal', id });
  const proposal = proposalRef(record);
  if (record.state !== 'proposed') return fail({ kind: 'needs_no_seconds', proposal });
  if (record.proposer === user) return fail({ kind: 'own_proposal', proposal });
  const added = deps.store.seconds.add(id, user, deps.now());
  if (!added) return fail({ kind: 'already_seconded', proposal });
  deps.store.audit.append({ ts: deps.now(), actor: user, action: 'second', proposalId: id, detail: {} });
  if (deps.store.seconds.count(id) >= record.secondsRequired) {
    const opened = await openProposal(deps, id);
    if (!opened.ok) return opened;
  }
  return ok(toView(deps.store, deps.store.proposals.get(id)!));
}
