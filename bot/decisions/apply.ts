// Carrying an approved decision out on the instance, exactly once through crashes:
// approved → applying (written before any call) → applied | apply_failed. A job that finds the decision `applying`
// (after a crash, a timeout or a restart) plans again from the server's real block list, so a block made just before
// the crash is found and never made twice, and nothing is marked applied that the server does not show.
import { planApply, needsMoreThanSuspend, type ApplyPlan, type DecisionToApply } from '../../governance/apply-plan.ts';
import type { Proposal } from '../../storage/proposals.ts';
import { InstanceError } from '../mastodon/gateway.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import { scheduleMilestone } from '../proposals/hooks.ts';
import { describePlan, title } from './words.ts';
import { queueNotice } from './notices.ts';

export function decisionOf(p: Proposal): DecisionToApply {
  return {
    proposalId: p.id,
    domain: p.domain,
    action: p.action,
    rejectMedia: p.rejectMedia,
    rejectReports: p.rejectReports,
    obfuscate: p.obfuscate,
    publicComment: p.publicReason,
    privateComment: p.privateComment,
  };
}

export function scheduleApply(deps: ProposalDeps, id: number, runAt: number, reason: string): void {
  deps.store.jobs.schedule({ kind: 'apply', proposalId: id, runAt, payload: { reason }, key: `apply:${id}:${reason}` });
}

/** What applying would do now, without doing it. */
export async function previewApply(deps: ProposalDeps, p: Proposal): Promise<ApplyPlan> {
  const instance = deps.instance!;
  return planApply(decisionOf(p), await instance.listBlocks(), await instance.suspendOnly());
}

/** Job: apply (or resume applying) one decision. Transient failures throw, and the job runner retries with backoff. */
export async function runApply(deps: ProposalDeps, id: number): Promise<void> {
  const record = deps.store.proposals.get(id);
  if (!record || (record.state !== 'approved' && record.state !== 'applying')) return;
  const instance = deps.instance;
  if (!instance) return;
  if (deps.config.mastodon?.dryRun) {
    const plan = await previewApply(deps, record);
    deps.store.transaction(() => queueNotice(deps, 'staff', `dry-run-${deps.now()}`, id, [`Dry run (mastodon.dryRun): for ${title(record)} I would ${describePlan(plan, record)}. Nothing was changed.`]));
    await deps.kick();
    return;
  }
  if (record.state === 'approved') {
    if (!deps.store.proposals.setState(id, 'approved', 'applying')) return;
    deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'applying', proposalId: id, detail: {} });
  }
  try {
    const outcome = await carryOut(deps, record);
    deps.store.transaction(() => {
      if (!deps.store.proposals.setState(id, 'applying', 'applied', { appliedAt: deps.now(), mastodonBlockId: outcome.blockId ?? null, applyError: null })) return;
      deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'applied', proposalId: id, detail: { did: outcome.did, blockId: outcome.blockId } });
      queueNotice(deps, 'everyone', 'applied', id, [`${title(record)} is now in force on the instance: I ${outcome.did}.`]);
      scheduleMilestone(deps, 'applied', id);
    });
  } catch (error) {
    if (!(error instanceof InstanceError) || error.kind !== 'permanent') throw error;
    deps.store.transaction(() => {
      if (!deps.store.proposals.setState(id, 'applying', 'apply_failed', { applyError: error.message })) return;
      deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'apply_failed', proposalId: id, detail: { error: error.message } });
      queueNotice(deps, 'staff', `apply-failed-${deps.now()}`, id, [
        `Applying ${title(record)} failed: ${error.message}`,
        `Fix the cause, then try again with ${deps.config.matrix.commandPrefix} apply ${id}.`,
      ]);
      scheduleMilestone(deps, 'apply_failed', id);
    });
  }
  await deps.kick();
}

interface Done {
  did: string;
  blockId?: string;
}

async function carryOut(deps: ProposalDeps, record: Proposal): Promise<Done> {
  const instance = deps.instance!;
  const suspendOnly = await instance.suspendOnly();
  if (suspendOnly && record.action !== 'lift' && needsMoreThanSuspend(record.action, record)) {
    throw new InstanceError('permanent', 'this server can only suspend; a limit or rejecting media or reports cannot be applied here');
  }
  const plan = planApply(decisionOf(record), await instance.listBlocks(), suspendOnly);
  const what = describePlan(plan, record, 'did');
  switch (plan.kind) {
    case 'create': {
      const result = await instance.createBlock(record.domain, plan.wanted);
      if (result.kind === 'created') return { did: what, blockId: result.block.id };
      // Someone (or an earlier attempt) blocked it meanwhile: plan again against the server's answer.
      return carryOut(deps, record);
    }
    case 'update':
      return { did: what, blockId: (await instance.updateBlock(plan.block.id, plan.wanted)).id };
    case 'in_place':
      return { did: what, blockId: plan.block.id };
    case 'covered':
      queueCovered(deps, record, plan.parent.domain);
      return { did: what };
    case 'delete':
      await instance.deleteBlock(plan.block.id);
      return { did: what };
    case 'nothing_to_lift':
      return { did: what };
    case 'lift_covered':
      throw new InstanceError('permanent', `${record.domain} has no block of its own; it is covered by the block of ${plan.parent.domain}, which only a decision on ${plan.parent.domain} can lift`);
  }
}

function queueCovered(deps: ProposalDeps, record: Proposal, parent: string): void {
  deps.store.transaction(() =>
    queueNotice(deps, 'staff', 'covered', record.id, [`${title(record)}: ${record.domain} is already covered by the block of ${parent}; no block of its own was added.`]),
  );
}
