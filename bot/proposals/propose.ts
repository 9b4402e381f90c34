// Recording a proposal and its seconds. Opening the poll is open-poll.ts's job.
import type { ProposalView, ProposeInput, Result } from '../../commands/chat/ports.ts';
import { fail, ok } from '../../commands/chat/ports.ts';
import { proposalTitle, STATE_WORDS } from '../../commands/chat/describe.ts';
import { findCoveringBlock } from '../../governance/domain.ts';
import { formatDuration } from '../../governance/duration.ts';
import type { ProposalDeps } from './deps.ts';
import { blocksInForce, toView } from './view.ts';
import { openProposal } from './open-poll.ts';
import { needsMoreThanSuspend } from '../../governance/apply-plan.ts';

const SEVERITY_RANK = { limit: 1, suspend: 2 } as const;

function checkAgainstBlocks(deps: ProposalDeps, input: ProposeInput): string | undefined {
  const blocks = blocksInForce(deps.store);
  if (input.action === 'lift') {
    if (blocks.some((b) => b.domain === input.domain)) return undefined;
    const parent = findCoveringBlock(input.domain, blocks);
    return parent
      ? `${input.domain} is not blocked itself; it is covered by the block of ${parent.domain} (proposal ${parent.proposalId}). Propose to lift ${parent.domain} instead.`
      : `${input.domain} is not blocked, so there is nothing to lift.`;
  }
  const covering = findCoveringBlock(input.domain, blocks);
  if (covering && SEVERITY_RANK[covering.action] >= SEVERITY_RANK[input.action]) {
    return covering.domain === input.domain
      ? `${input.domain} is already ${covering.action === 'suspend' ? 'suspended' : 'limited'} (proposal ${covering.proposalId}).`
      : `${input.domain} is already covered by the ${covering.action} of ${covering.domain} (proposal ${covering.proposalId}).`;
  }
  return undefined;
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

export async function propose(deps: ProposalDeps, input: ProposeInput): Promise<Result<ProposalView>> {
  const g = deps.config.governance;
  const durationMs = input.durationMs ?? g.votingPeriod;
  if (durationMs < g.minVotingPeriod || durationMs > g.maxVotingPeriod) {
    return fail(
      `A vote must run between ${formatDuration(g.minVotingPeriod)} and ${formatDuration(g.maxVotingPeriod)}; ` +
        `--duration ${formatDuration(durationMs)} is outside that. Write it like --duration 7d.`,
    );
  }
  const existing = deps.store.proposals.findActiveByDomain(input.domain);
  if (existing) {
    const view = toView(deps.store, existing);
    return fail(`${proposalTitle(view)} is already ${STATE_WORDS[view.state]} for ${input.domain}; only one proposal per domain can be open at a time.`);
  }
  const conflict = checkAgainstBlocks(deps, input) ?? (await checkServerCanDo(deps, input));
  if (conflict) return fail(conflict);

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
    });
    deps.store.audit.append({
      ts: deps.now(),
      actor: input.proposer,
      roomId: input.roomId,
      action: 'propose',
      proposalId: proposal.id,
      detail: { domain: input.domain, action: input.action, options: input.options, durationMs },
    });
    return proposal.id;
  });
  if (g.seconds === 0) {
    const opened = await openProposal(deps, id);
    if (!opened.ok) return opened;
  }
  return ok(toView(deps.store, deps.store.proposals.get(id)!));
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
