// Recording a proposal and its seconds. Opening the poll is open-poll.ts's job.
import type { ProposalView, Proposed, ProposeInput, Result } from '../contracts/ports.ts';
import { fail, ok } from '../contracts/ports.ts';
import { proposalTitle, STATE_WORDS } from '../wording/describe.ts';
import { checkProposal, type ListedBlock, type PriorBlock } from '../../governance/proposal-check.ts';
import { formatDuration } from '../../governance/duration.ts';
import type { ProposalDeps } from './deps.ts';
import { toView } from './view.ts';
import { standingDecisions } from './standing.ts';
import { refusalWords } from '../wording/check-words.ts';
import { answerWithin } from './answer-within.ts';
import { openProposal } from './open-poll.ts';
import { needsMoreThanSuspend } from '../../governance/apply-plan.ts';

/** A proposal waits this long for the instance's block list before it is checked against the decisions alone. */
const BLOCK_LIST_WAIT_MS = 10_000;

type BlocksRead = { blocks: ListedBlock[] } | { blocks: undefined; why?: string };

/**
 * The instance's blocks, read now through the gateway's paced read (which also renews the list consecutive applies
 * share). Not the kept list: a block an admin made in the UI a moment ago must be seen, and proposals come at the
 * pace of people. Undefined (with why) when it cannot be read.
 */
async function instanceBlocks(deps: ProposalDeps): Promise<BlocksRead> {
  if (!deps.instance) return { blocks: undefined };
  try {
    const blocks = await answerWithin(deps.instance.listBlocks(), BLOCK_LIST_WAIT_MS);
    return { blocks };
  } catch (error) {
    deps.logger.warn({ err: error }, "could not read the instance's blocks to check a proposal; checking against the decision log only");
    return { blocks: undefined, why: error instanceof Error ? error.message : String(error) };
  }
}

type Checked = { ok: true; prior?: PriorBlock; caveat?: string } | { ok: false; reason: string };

async function checkAgainstBlocks(deps: ProposalDeps, input: ProposeInput): Promise<Checked> {
  const read = await instanceBlocks(deps);
  const caveat = read.blocks === undefined && read.why !== undefined
    ? `I could not read the instance's block list (${read.why}), so this was checked against the decision log only.`
    : undefined;
  const verdict = checkProposal({ domain: input.domain, action: input.action, ...input.options }, read.blocks, standingDecisions(deps.store));
  const refusal = refusalWords(input.domain, verdict, read.blocks !== undefined, deps.config.matrix.commandPrefix);
  if (refusal) return { ok: false, reason: caveat ? `${refusal} ${caveat}` : refusal };
  return { ok: true, prior: verdict.kind === 'ok' ? verdict.prior : undefined, caveat };
}

/** GoToSocial can only suspend: a limit or reject options are refused now rather than silently turned into a suspend. */
async function checkServerCanDo(deps: ProposalDeps, input: ProposeInput): Promise<string | undefined> {
  if (!deps.instance || input.action === 'lift' || !needsMoreThanSuspend(input.action, input.options)) return undefined;
  let suspendOnly: boolean;
  try {
    suspendOnly = await deps.instance.suspendOnly();
  } catch {
    return undefined;
  }
  return suspendOnly
    ? `This server can only suspend: a limit, --reject-media or --reject-reports cannot be applied on it. Propose ${input.domain} suspend instead.`
    : undefined;
}

/** The second stage and review delay for the audit trail, only when given (earlier audit rows read the same). */
function stageDetail(input: ProposeInput) {
  return {
    ...(input.secondStage ? { secondStage: input.secondStage } : {}),
    ...(input.reviewAfterMs !== undefined ? { reviewAfterMs: input.reviewAfterMs } : {}),
  };
}

export async function propose(deps: ProposalDeps, input: ProposeInput): Promise<Result<Proposed>> {
  const g = deps.config.governance;
  const durationMs = input.durationMs ?? g.votingPeriod;
  if (durationMs < g.minVotingPeriod || durationMs > g.maxVotingPeriod) {
    return fail(
      `A vote must run between ${formatDuration(g.minVotingPeriod)} and ${formatDuration(g.maxVotingPeriod)}; ` +
        `--duration ${formatDuration(durationMs)} is outside that. Write it like --duration ${formatDuration(g.votingPeriod)} (the default).`,
    );
  }
  const existing = deps.store.proposals.findActiveByDomain(input.domain);
  if (existing) {
    const view = toView(deps.store, existing);
    return fail(`${proposalTitle(view)} is already ${STATE_WORDS[view.state]} for ${input.domain}; only one proposal per domain can be open at a time.`);
  }
  const checked = await checkAgainstBlocks(deps, input);
  if (!checked.ok) return fail(checked.reason);
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
  return ok({ ...toView(deps.store, deps.store.proposals.get(id)!), caveat: checked.caveat });
}

export async function second(deps: ProposalDeps, id: number, user: string): Promise<Result<ProposalView>> {
  const record = deps.store.proposals.get(id);
  if (!record) return fail(`There is no proposal ${id}.`);
  const view = toView(deps.store, record);
  if (record.state !== 'proposed') return fail(`${proposalTitle(view)} is ${STATE_WORDS[view.state]}; it needs no more seconds.`);
  if (record.proposer === user) return fail(`You proposed ${proposalTitle(view)}; seconds must come from other members.`);
  const added = deps.store.seconds.add(id, user, deps.now());
  if (!added) return fail(`You have already seconded ${proposalTitle(view)}.`);
  deps.store.audit.append({ ts: deps.now(), actor: user, action: 'second', proposalId: id, detail: {} });
  if (deps.store.seconds.count(id) >= record.secondsRequired) {
    const opened = await openProposal(deps, id);
    if (!opened.ok) return opened;
  }
  return ok(toView(deps.store, deps.store.proposals.get(id)!));
}
