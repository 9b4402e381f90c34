// The instance commands (apply, impact, sync) as the chat sees them.
import type { InstanceActions } from '../contracts/instance-ports.ts';
import type { ApplyStarted } from '../contracts/instance-ports.ts';
import { fail, ok, type Result } from '../contracts/ports.ts';
import { proposalRef, type InstanceRefusal } from '../contracts/refusals.ts';
import { normaliseDomain } from '../../governance/domain.ts';
import { InstanceError } from '../mastodon/gateway.ts';
import { isRefusal, refusalOf } from '../mastodon/refusal.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';
import type { Proposal } from '../../storage/proposals.ts';
import { previewApply, scheduleApply } from './apply.ts';
import { jobOf } from '../job-kinds.ts';
import { findDrift } from './drift.ts';
import { importBlocks, planImport } from './import.ts';
import { scheduleMilestone, type MilestoneContext } from '../proposals/hooks.ts';

/** What admin measures need on Mastodon (REFERENCE.md). */
export const IMPACT_NEEDS = { scope: 'admin:read', permission: 'View Dashboard' };

function unreachable(error: unknown): InstanceRefusal {
  return { kind: 'instance_unreachable', ...(error instanceof InstanceError ? { detail: error.message } : {}) };
}

/** The instance commands: the instance, the decisions they start or record (with their milestone), the dry-run setting. */
export type InstanceCommandsContext = MilestoneContext & Pick<ProposalDeps, 'instance' | 'kick'> & ConfigSections<'mastodon'>;

export function instanceActions(deps: InstanceCommandsContext): InstanceActions | undefined {
  const instance = deps.instance;
  if (!instance) return undefined;
  return {
    async apply(id, staff, dryRun) {
      const record = deps.store.proposals.get(id);
      if (!record) return fail({ kind: 'no_such_proposal', id });
      if (record.state === 'applying' && !dryRun && !deps.config.mastodon?.dryRun) return retryApplying(deps, record, staff);
      const proposal = proposalRef(record);
      if (record.state === 'applied') return fail({ kind: 'already_applied', proposal });
      if (record.state !== 'approved' && record.state !== 'apply_failed' && record.state !== 'applying') {
        return fail({ kind: 'not_approved', proposal });
      }
      if (dryRun || deps.config.mastodon?.dryRun) {
        try {
          return ok({ kind: 'dry_run', proposal, preview: await previewApply(deps, record), byConfig: !dryRun });
        } catch (error) {
          return fail(unreachable(error));
        }
      }
      const event = record.state === 'apply_failed' ? 'retry_apply' : 'start_apply';
      const started = deps.store.proposals.advance(id, { type: event }, {
        fields: { applyError: null },
        jobs: [jobOf('apply', id, deps.now(), { reason: `manual-${deps.now()}` })],
        effects: () => deps.store.audit.append({ ts: deps.now(), actor: staff, action: 'apply', proposalId: id, detail: {} }),
      });
      if (!started.ok) return fail({ kind: 'changed_meanwhile', proposal });
      await deps.kick();
      return ok({ kind: 'applying', proposal });
    },

    async impact(domain) {
      const normalised = normaliseDomain(domain);
      if (!normalised.ok) return fail({ kind: 'bad_domain', reason: normalised.reason });
      try {
        return ok(await instance.impact(normalised.domain));
      } catch (error) {
        if (isRefusal(error)) return fail(refusalOf(error, 'give the impact figures', IMPACT_NEEDS));
        return fail(unreachable(error));
      }
    },

    async importBlocks(staff, dryRun) {
      let blocks;
      try {
        blocks = await instance.listBlocks();
      } catch (error) {
        return fail(unreachable(error));
      }
      if (dryRun) {
        const plan = planImport(deps.store, blocks);
        return ok({ recorded: plan.fresh.map((b) => b.domain), alreadyDecided: plan.alreadyDecided.length, skipped: plan.skipped.length });
      }
      const result = importBlocks(deps.store, blocks, deps.now(), staff);
      const id = result.lastProposalId;
      if (id !== undefined) {
        // The policy room publishes the recorded blocks; the last one names the import (see hooks.ts).
        deps.store.transaction(() => scheduleMilestone(deps, 'imported', id));
        await deps.kick();
      }
      return ok({ recorded: result.imported, alreadyDecided: result.alreadyDecided.length, skipped: result.skipped.length });
    },

    async drift() {
      try {
        const { items, blocks } = await findDrift(deps.store, instance);
        return ok({ items, blocks });
      } catch (error) {
        return fail(unreachable(error));
      }
    },
  };
}

/**
 * `!moot apply` on a decision left `applying`: its job is retrying after failures (or waits after a restart). Run it
 * again now. That is safe: applying compares with the instance's block list first, so nothing is blocked twice.
 */
async function retryApplying(deps: Pick<ProposalDeps, 'store' | 'now' | 'kick'>, record: Proposal, staff: string): Promise<Result<ApplyStarted, InstanceRefusal>> {
  const proposal = proposalRef(record);
  const jobs = deps.store.jobs.listForProposal(record.id).filter((job) => job.kind === 'apply');
  if (jobs.some((job) => job.state === 'running')) return fail({ kind: 'being_applied', proposal });
  const now = deps.now();
  deps.store.transaction(() => {
    // Cleared, so that if this retry fails too, staff are told again (see tellStaffOfRetries).
    deps.store.proposals.update(record.id, 'applying', { applyError: null });
    deps.store.audit.append({ ts: now, actor: staff, action: 'apply_retry', proposalId: record.id, detail: {} });
    const waiting = jobs.find((job) => job.state === 'pending');
    if (!waiting || !deps.store.jobs.reschedule(waiting.id, now)) scheduleApply(deps, record.id, now, `manual-${now}`);
  });
  await deps.kick();
  return ok({ kind: 'retrying', proposal, ...(record.applyError ? { lastError: record.applyError } : {}) });
}
