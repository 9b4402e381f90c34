// Carrying an approved decision out on the instance, exactly once through crashes:
// approved → applying (written before any call) → applied | apply_failed. A job that finds the decision `applying`
// (after a crash, a timeout or a restart) plans again from the server's real block list, so a block made just before
// the crash is found and never made twice, and nothing is marked applied that the server does not show.
// Fresh applies plan from the gateway's recent list, shared by consecutive applies; why that is safe: block-list.ts.
import { planApply, needsMoreThanSuspend, type ApplyPlan } from '../../governance/apply-plan.ts';
import type { DomainBlock } from '../../governance/blocks.ts';
import type { Proposal } from '../../storage/proposals.ts';
import { jobOf } from '../job-kinds.ts';
import { InstanceError } from '../mastodon/gateway.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';
import { decisionOf } from '../proposals/standing.ts';
import { scheduleMilestone, type MilestoneContext } from '../proposals/hooks.ts';
import { cancelObsoleteJobs } from '../proposals/obsolete-jobs.ts';
import { conflictWords, describePlan, previewWords, SUSPEND_ONLY_WORDS } from '../wording/apply-words.ts';
import type { ApplyPreview } from '../contracts/instance-ports.ts';
import { proposalRef } from '../contracts/refusals.ts';
import { proposalTitle } from '../wording/describe.ts';
import { queueNotice, type NoticeContext } from './notices.ts';

/** What carrying a decision out touches: the instance, and a staff notice when a parent block already covers it. */
export type CarryOutContext = NoticeContext & Pick<ProposalDeps, 'instance'>;

/** The apply job: carrying out, the state change with its notices and milestone, the dry-run setting. */
export type ApplyContext = CarryOutContext & MilestoneContext & Pick<ProposalDeps, 'kick'> & ConfigSections<'mastodon' | 'matrix'>;

/** Failed attempts of one apply job after which staff are told (once) that it keeps failing. */
export const TELL_STAFF_AFTER_ATTEMPTS = 3;

export function scheduleApply(deps: Pick<ProposalDeps, 'store'>, id: number, runAt: number, reason: string): void {
  deps.store.jobs.schedule(jobOf('apply', id, runAt, { reason }));
}

/** Why this server cannot carry the decision out as voted, or undefined when it can. */
function serverCannot(p: Proposal, suspendOnly: boolean): string | undefined {
  if (!suspendOnly || p.action === 'lift' || !needsMoreThanSuspend(p.action, p)) return undefined;
  return SUSPEND_ONLY_WORDS;
}

/** What applying would do now, without doing it; a server that cannot do it as voted is part of the answer. */
export async function previewApply(deps: Pick<ProposalDeps, 'instance'>, p: Proposal): Promise<ApplyPreview> {
  const instance = deps.instance!;
  const suspendOnly = await instance.suspendOnly();
  const proposal = proposalRef(p);
  if (serverCannot(p, suspendOnly)) return { proposal, suspendOnly: true };
  return { proposal, plan: planApply(decisionOf(p), await instance.listBlocks(), suspendOnly) };
}

/**
 * Job: apply (or resume applying) one decision. Transient failures throw, and the job runner retries with backoff;
 * `attempt` is the job's attempt number, so staff hear once when it keeps failing.
 */
export async function runApply(deps: ApplyContext, id: number, attempt = 1): Promise<void> {
  const record = deps.store.proposals.get(id);
  if (!record || (record.state !== 'approved' && record.state !== 'applying')) return;
  const instance = deps.instance;
  if (!instance) return;
  if (deps.config.mastodon?.dryRun) {
    const preview = previewWords(await previewApply(deps, record));
    deps.store.transaction(() => queueNotice(deps, 'staff', `dry-run-${deps.now()}`, id, [`Dry run (mastodon.dryRun): ${preview}. Nothing was changed.`]));
    await deps.kick();
    return;
  }
  const resumed = record.state === 'applying';
  if (!resumed) {
    const started = deps.store.proposals.advance(id, { type: 'start_apply' }, {
      effects: () => deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'applying', proposalId: id, detail: {} }),
    });
    if (!started.ok) return;
  }
  try {
    const outcome = await carryOut(deps, record, resumed);
    deps.store.proposals.advance(id, { type: 'applied' }, {
      fields: { appliedAt: deps.now(), mastodonBlockId: outcome.blockId ?? null, applyError: null },
      effects: () => {
        deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'applied', proposalId: id, detail: { did: outcome.did, blockId: outcome.blockId } });
        queueNotice(deps, 'everyone', 'applied', id, [`${proposalTitle(record)} is now in force on the instance: I ${outcome.did}.`]);
        scheduleMilestone(deps, 'applied', id);
        // Other apply jobs of this decision (the automatic one after a manual apply, a restart's) have nothing left.
        cancelObsoleteJobs(deps.store, id);
      },
    });
  } catch (error) {
    if (!(error instanceof InstanceError) || error.kind !== 'permanent') {
      if (attempt >= TELL_STAFF_AFTER_ATTEMPTS) tellStaffOfRetries(deps, record, attempt, error);
      throw error;
    }
    deps.store.proposals.advance(id, { type: 'apply_failed' }, {
      fields: { applyError: error.message },
      effects: () => {
        deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'apply_failed', proposalId: id, detail: { error: error.message } });
        queueNotice(deps, 'staff', `apply-failed-${deps.now()}`, id, [
          `Applying ${proposalTitle(record)} failed: ${error.message}`,
          `Fix the cause, then try again with ${deps.config.matrix.commandPrefix} apply ${id}.`,
        ]);
        scheduleMilestone(deps, 'apply_failed', id);
        cancelObsoleteJobs(deps.store, id);
      },
    });
  }
  await deps.kick();
}

/**
 * The retries go on; staff are told once, with the last error. The error is kept on the decision: while it is set,
 * later failures stay quiet (a restart's fresh job included); `!moot apply` clears it, so a retry that fails is told.
 */
function tellStaffOfRetries(deps: NoticeContext & Pick<ProposalDeps, 'kick'> & ConfigSections<'matrix'>, record: Proposal, attempt: number, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = deps.config.matrix.commandPrefix;
  deps.store.transaction(() => {
    const current = deps.store.proposals.get(record.id);
    if (current?.state !== 'applying') return;
    deps.store.proposals.update(record.id, 'applying', { applyError: message });
    if (current.applyError !== undefined) return;
    deps.store.audit.append({ ts: deps.now(), actor: 'fedimoot', action: 'apply_retrying', proposalId: record.id, detail: { attempt, error: message } });
    queueNotice(deps, 'staff', `apply-retrying-${deps.now()}`, record.id, [
      `Applying ${proposalTitle(record)} has failed ${attempt} times; I keep retrying, at most every 5 minutes. Last error: ${message}`,
      `${prefix} apply ${record.id} retries at once.`,
    ]);
  });
  void deps.kick();
}

export interface Done {
  did: string;
  blockId?: string;
}

/**
 * Carries out `record` as if its action were `action`, planned on the server's list as it is now: the second stage of
 * a staged cut goes the same way as any decision, and finds a block made by an interrupted run in place.
 */
export function carryOutAs(deps: CarryOutContext, record: Proposal, action: Proposal['action']): Promise<Done> {
  return carryOut(deps, { ...record, action }, true);
}

/** Plans whose write the server answers for; any other rests on the list alone, so one from the recent list is confirmed on a fresh one. */
const WRITES: ReadonlySet<ApplyPlan['kind']> = new Set(['create', 'update', 'delete']);

/** `readFresh`: plan on the server's list as it is now, not on the gateway's recent one. */
async function carryOut(deps: CarryOutContext, record: Proposal, readFresh: boolean): Promise<Done> {
  const instance = deps.instance!;
  const suspendOnly = await instance.suspendOnly();
  const cannot = serverCannot(record, suspendOnly);
  if (cannot) throw new InstanceError('permanent', cannot);
  const decision = decisionOf(record);
  const { blocks, fresh } = readFresh ? { blocks: await instance.listBlocks(), fresh: true } : await instance.recentBlocks();
  const plan = planApply(decision, blocks, suspendOnly);
  if (!fresh && !WRITES.has(plan.kind)) return carryOut(deps, record, true);
  // If the block a plan from the recent list names has gone meanwhile, plan again on the real list.
  if (plan.kind === 'conflict') {
    if (!fresh) return carryOut(deps, record, true);
    throw refusedUnder(record, plan.parent);
  }
  if (plan.kind !== 'create') return settle(deps, record, plan, fresh ? undefined : () => carryOut(deps, record, true));
  const result = await instance.createBlock(record.domain, plan.wanted);
  if (result.kind === 'created') return { did: describePlan(plan, record, 'did'), blockId: result.block.id };
  // Someone (or an earlier attempt) blocked it meanwhile, or a parent block stands in the way: plan once more, with
  // the server's answer in the list. Never a second POST: the server just refused one.
  const existing = result.existing;
  const again = planApply(decision, [existing, ...(await instance.listBlocks()).filter((b) => b.id !== existing.id)], suspendOnly);
  if (again.kind === 'create' || again.kind === 'conflict') throw refusedUnder(record, existing);
  return settle(deps, record, again);
}

function refusedUnder(record: Proposal, parent: DomainBlock): InstanceError {
  return new InstanceError(
    'permanent',
    `${record.domain} cannot be blocked: ${conflictWords(parent)}. ` +
      `Change the block of ${parent.domain} so it covers what was decided, or decide ${record.domain} again`,
  );
}

/** `whenGone`, for a plan on the recent list: what to do instead when the plan's block is no longer there. */
async function settle(deps: CarryOutContext, record: Proposal, plan: Exclude<ApplyPlan, { kind: 'create' }>, whenGone?: () => Promise<Done>): Promise<Done> {
  const instance = deps.instance!;
  const what = describePlan(plan, record, 'did');
  switch (plan.kind) {
    case 'update':
      try {
        return { did: what, blockId: (await instance.updateBlock(plan.block.id, plan.wanted)).id };
      } catch (error) {
        if (whenGone && error instanceof InstanceError && error.status === 404) return whenGone();
        throw error;
      }
    case 'in_place':
      return { did: what, blockId: plan.block.id };
    case 'covered':
      queueCovered(deps, record, plan.parent.domain);
      return { did: what };
    case 'delete':
      if ((await instance.deleteBlock(plan.block.id)) === 'not_found' && whenGone) return whenGone();
      return { did: what };
    case 'nothing_to_lift':
      return { did: what };
    case 'lift_covered':
      throw new InstanceError('permanent', `${record.domain} has no block of its own; it is covered by the block of ${plan.parent.domain}, which only a decision on ${plan.parent.domain} can lift`);
    case 'conflict':
      throw refusedUnder(record, plan.parent);
  }
}

function queueCovered(deps: NoticeContext, record: Proposal, parent: string): void {
  deps.store.transaction(() =>
    queueNotice(deps, 'staff', 'covered', record.id, [`${proposalTitle(record)}: ${record.domain} is already covered by the block of ${parent}; no block of its own was added.`]),
  );
}
