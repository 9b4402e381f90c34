// After a count: an approved decision is queued for application (autoApply, after the grace period) or left for
// staff, who are told either way.
import { formatUtc, proposalTitle } from '../wording/describe.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';
import type { ProposalHook } from '../proposals/hooks.ts';
import { scheduleApply } from './apply.ts';
import { queueNotice, type NoticeContext } from './notices.ts';

/** After a count: the approved decision, the apply rules (autoApply, grace period), the staff or everyone notice. */
export type ApplyHookContext = NoticeContext & Pick<ProposalDeps, 'instance'> & ConfigSections<'governance' | 'matrix'>;

export function applyHook(deps: ApplyHookContext): ProposalHook {
  return {
    name: 'apply',
    on(milestone, id) {
      if (milestone !== 'counted') return;
      const record = deps.store.proposals.get(id);
      if (!record || record.state !== 'approved') return;
      const g = deps.config.governance;
      const prefix = deps.config.matrix.commandPrefix;
      deps.store.transaction(() => {
        if (!deps.instance) {
          queueNotice(deps, 'staff', 'approved', id, [`${proposalTitle(record)} was approved. Nothing is applied: the config has no mastodon section. Add one and use ${prefix} apply ${id}.`]);
          return;
        }
        if (!g.autoApply) {
          queueNotice(deps, 'staff', 'approved', id, [`${proposalTitle(record)} was approved and awaits application: ${prefix} apply ${id} (add --dry-run to see what it would do).`]);
          return;
        }
        const runAt = (record.closedAt ?? deps.now()) + g.applyGracePeriod;
        scheduleApply(deps, id, runAt, 'auto');
        if (g.applyGracePeriod > 0) {
          queueNotice(deps, 'everyone', 'grace', id, [`${proposalTitle(record)} will be applied on the instance on ${formatUtc(runAt)}. Until then, people on both sides can move or export their follows.`]);
        }
      });
    },
  };
}
