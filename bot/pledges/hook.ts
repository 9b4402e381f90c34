// Pledges follow the decisions: at risk while a proposal that would break them is open (or approved and not yet
// applied), active again once no such proposal is left, released (each pledger told by direct message, totals
// announced) once such a decision is applied.
import { message, paragraph } from '../contracts/message.ts';
import { breaksCondition, describeTotal, totalsByCurrency } from '../../governance/pledges.ts';
import type { Pledge } from '../../storage/pledges.ts';
import type { Proposal } from '../../storage/proposals.ts';
import { queueNotice, type NoticeContext } from '../decisions/notices.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';
import type { ProposalHook } from '../proposals/hooks.ts';
import type { DirectMessages } from './direct.ts';
import { atStakeLine } from '../wording/notice-lines.ts';
import { proposalTitle } from '../wording/describe.ts';
import { pledgesAtStake, threatsTo } from './risk.ts';
import { pledgeText } from '../wording/pledge-words.ts';

/** Pledges on a milestone: their status, the release notice to everyone, the pledgers told (pledges.enabled). */
export type PledgeHookContext = NoticeContext & Pick<ProposalDeps, 'kick'> & ConfigSections<'pledges'>;

export function pledgeHook(deps: PledgeHookContext, dm: DirectMessages): ProposalHook {
  const store = deps.store;
  return {
    name: 'pledges',
    noticeLine: (p) => (deps.config.pledges.enabled ? atStakeLine(totalsByCurrency(pledgesAtStake(store, p))) : undefined),
    async on(milestone, id) {
      const p = store.proposals.get(id);
      if (!p || !deps.config.pledges.enabled) return;
      if (milestone === 'opened') {
        store.transaction(() => {
          for (const pledge of pledgesAtStake(store, p)) store.pledges.setStatus(pledge.id, 'active', 'at_risk');
        });
      } else if ((milestone === 'counted' && p.outcome !== 'approved') || milestone === 'ended') {
        store.transaction(() => {
          for (const pledge of store.pledges.listByStatus(['at_risk'])) {
            if (!pledge.condition || !breaksCondition(p.action, p.domain, pledge.condition)) continue;
            // Another proposal that would break it may still be open: then it stays at risk.
            if (threatsTo(store, pledge.condition).some((other) => other.id !== p.id)) continue;
            store.pledges.setStatus(pledge.id, 'at_risk', 'active');
          }
        });
      } else if (milestone === 'applied') {
        await release(deps, dm, p);
      }
    },
  };
}

async function release(deps: PledgeHookContext, dm: DirectMessages, p: Proposal): Promise<void> {
  const store = deps.store;
  const released = store.transaction(() => {
    const out: Pledge[] = [];
    for (const pledge of pledgesAtStake(store, p)) {
      if (!store.pledges.setStatus(pledge.id, ['active', 'at_risk'], 'released')) continue;
      // Which proposal released it: only that decision tells its pledger, however often it runs.
      store.records.markReleased(pledge.id, p.id);
      out.push({ ...pledge, status: 'released' });
    }
    if (out.length) {
      queueNotice(deps, 'everyone', 'pledges-released', p.id, [
        `${proposalTitle(p)} is applied, which releases ${out.length} pledge${out.length === 1 ? '' : 's'}: ${totalsByCurrency(out).map(describeTotal).join('; ')}. Each pledger was told.`,
      ]);
    }
    return out;
  });
  // After a crash between the release and the messages, a re-run finds this decision's pledges by the key it wrote;
  // pledges an earlier decision released are not this decision's to announce.
  const mine = store.pledges.listByStatus(['released']).filter((x) => store.records.releasedBy(x.id) === p.id && !store.records.releaseTold(x.id));
  for (const pledge of mine) {
    await dm.send(pledge.pledger, message(paragraph(
      `Your pledge ${pledgeText(pledge)} is released: ${proposalTitle(p, { midSentence: true })} was decided and applied. Thank you for your support so far.`,
    )), `pledge-released-${pledge.id}`);
    store.records.markReleaseTold(pledge.id, deps.now());
  }
  if (released.length) void deps.kick();
}
