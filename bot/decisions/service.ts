// The instance commands (apply, impact, sync) as the chat sees them.
import type { InstanceActions } from '../../commands/chat/instance-ports.ts';
import { fail, ok } from '../../commands/chat/ports.ts';
import { normaliseDomain } from '../../governance/domain.ts';
import { InstanceError } from '../mastodon/gateway.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import { previewApply, scheduleApply } from './apply.ts';
import { findDrift } from './drift.ts';
import { describeDrift, describePlan, title } from './words.ts';

function unreachable(error: unknown): string {
  const detail = error instanceof InstanceError ? error.message : 'the instance could not be reached';
  return `I could not ask the instance: ${detail}`;
}

export function instanceActions(deps: ProposalDeps): InstanceActions | undefined {
  const instance = deps.instance;
  if (!instance) return undefined;
  const prefix = deps.config.matrix.commandPrefix;
  return {
    async apply(id, staff, dryRun) {
      const record = deps.store.proposals.get(id);
      if (!record) return fail(`There is no proposal ${id}.`);
      if (record.state === 'applying') return fail(`${title(record)} is being applied right now.`);
      if (record.state === 'applied') return fail(`${title(record)} is already applied. ${prefix} sync shows whether the instance still matches.`);
      if (record.state !== 'approved' && record.state !== 'apply_failed') {
        return fail(`${title(record)} is ${record.state.replace('_', ' ')}; only an approved decision can be applied.`);
      }
      if (dryRun || deps.config.mastodon?.dryRun) {
        try {
          const plan = await previewApply(deps, record);
          const why = dryRun ? 'Dry run' : 'Dry run (mastodon.dryRun is on)';
          return ok(`${why}: for ${title(record)} I would ${describePlan(plan, record)}. Nothing was changed.`);
        } catch (error) {
          return fail(unreachable(error));
        }
      }
      const started = deps.store.transaction(() => {
        if (!deps.store.proposals.setState(id, ['approved', 'apply_failed'], 'applying', { applyError: null })) return false;
        deps.store.audit.append({ ts: deps.now(), actor: staff, action: 'apply', proposalId: id, detail: {} });
        scheduleApply(deps, id, deps.now(), `manual-${deps.now()}`);
        return true;
      });
      if (!started) return fail(`${title(record)} changed state meanwhile; try ${prefix} status ${id}.`);
      await deps.kick();
      return ok(`Applying ${title(record)} now; the result follows in the proposal's rooms.`);
    },

    async impact(domain) {
      const normalised = normaliseDomain(domain);
      if (!normalised.ok) return fail(normalised.reason);
      try {
        return ok(await instance.impact(normalised.domain));
      } catch (error) {
        return fail(unreachable(error));
      }
    },

    async drift() {
      try {
        const { items, blocks } = await findDrift(deps.store, instance);
        return ok({ lines: items.map((item) => describeDrift(item, prefix)), blocks });
      } catch (error) {
        return fail(unreachable(error));
      }
    },
  };
}
