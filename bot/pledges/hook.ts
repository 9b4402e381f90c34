// Pledges follow the decisions: at risk while a proposal that would break them is open, active again if it fails,
// released (each pledger told by direct message, totals announced) once such a decision is applied.
import { message, paragraph } from '../../commands/chat/message.ts';
import { breaksCondition, describeTotal, totalsByCurrency } from '../../governance/pledges.ts';
import type { Pledge } from '../../storage/pledges.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { Store } from '../../storage/store.ts';
import { queueNotice } from '../decisions/notices.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import type { ProposalHook } from '../proposals/hooks.ts';
import type { DirectMessages } from './direct.ts';
import { pledgeText } from './service.ts';

const riskKey = (pledgeId: number) => `pledge-at-risk:${pledgeId}`;

/** Standing pledges whose condition this proposal would break if approved and applied. */
export function pledgesAtStake(store: Store, p: Pick<Proposal, 'action' | 'domain'>): Pledge[] {
  return store.pledges.listByStatus(['active', 'at_risk']).filter((pledge) => pledge.condition && breaksCondition(p.action, p.domain, pledge.condition));
}

/** For the poll notice: how much the proposal puts at stake, in totals only. */
export function atStakeLine(store: Store, p: Pick<Proposal, 'action' | 'domain'>): string | undefined {
  const pledges = pledgesAtStake(store, p);
  if (pledges.length === 0) return undefined;
  return `At stake: ${totalsByCurrency(pledges).map(describeTotal).join('; ')} depend on the block this proposal would remove or weaken.`;
}

export function pledgeHook(deps: ProposalDeps, dm: DirectMessages): ProposalHook {
  const store = deps.store;
  return {
    name: 'pledges',
    async on(milestone, id) {
      const p = store.proposals.get(id);
      if (!p || !deps.config.pledges.enabled) return;
      if (milestone === 'opened') {
        store.transaction(() => {
          for (const pledge of pledgesAtStake(store, p)) {
            if (store.pledges.setStatus(pledge.id, 'active', 'at_risk')) store.meta.set(riskKey(pledge.id), String(id));
          }
        });
      } else if ((milestone === 'counted' && p.outcome !== 'approved') || milestone === 'ended') {
        store.transaction(() => {
          for (const pledge of store.pledges.listByStatus(['at_risk'])) {
            if (store.meta.get(riskKey(pledge.id)) !== String(id)) continue;
            store.pledges.setStatus(pledge.id, 'at_risk', 'active');
            store.meta.delete(riskKey(pledge.id));
          }
        });
      } else if (milestone === 'applied') {
        await release(deps, dm, p);
      }
    },
  };
}

async function release(deps: ProposalDeps, dm: DirectMessages, p: Proposal): Promise<void> {
  const store = deps.store;
  const released = store.transaction(() => {
    const out: Pledge[] = [];
    for (const pledge of pledgesAtStake(store, p)) {
      if (store.pledges.setStatus(pledge.id, ['active', 'at_risk'], 'released')) out.push({ ...pledge, status: 'released' });
      store.meta.delete(riskKey(pledge.id));
    }
    if (out.length) {
      queueNotice(deps, 'everyone', 'pledges-released', p.id, [
        `Proposal ${p.id} (${p.action} ${p.domain}) is applied, which releases ${out.length} pledge${out.length === 1 ? '' : 's'}: ${totalsByCurrency(out).map(describeTotal).join('; ')}. Each pledger was told.`,
      ]);
    }
    return out;
  });
  // Telling the pledgers: pledges released before a crash are found again by their status and txn ids.
  const all = released.length ? released : store.pledges.listByStatus(['released']).filter((x) => x.condition && breaksCondition(p.action, p.domain, x.condition));
  for (const pledge of all) {
    await dm.send(pledge.pledger, message(paragraph(
      `Your pledge ${pledgeText(pledge)} is released: proposal ${p.id} (${p.action} ${p.domain}) was decided and applied. Thank you for your support so far.`,
    )), `pledge-released-${pledge.id}`);
  }
  if (released.length) await deps.kick();
}
