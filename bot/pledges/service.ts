// Pledges as the chat sees them: recorded, summed, withdrawn; details only for their pledger and for staff.
import type { PledgeActions, PledgeSummary } from '../contracts/pledge-ports.ts';
import { fail, ok } from '../contracts/ports.ts';
import { parseConditionDomain, parsePledgeTerms, totalsByCurrency } from '../../governance/pledges.ts';
import type { Pledge, PledgeCondition } from '../../storage/pledges.ts';
import { STANDING_PLEDGE_STATUSES } from '../../storage/pledges.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';

/** The pledge commands: the stored pledges and proposals, and the pledges section (limits, currencies). */
export type PledgeContext = Pick<ProposalDeps, 'store' | 'now'> & ConfigSections<'pledges'>;
import { threatsTo } from './risk.ts';

/** Totals per currency, and per condition: what everyone may see of the standing pledges. */
function summaryOf(pledges: readonly Pledge[]): PledgeSummary {
  const byCondition = new Map<string, { condition: PledgeCondition; pledges: Pledge[] }>();
  for (const p of pledges) {
    if (!p.condition) continue;
    const key = `${p.condition.domain} ${p.condition.require}`;
    const group = byCondition.get(key) ?? { condition: p.condition, pledges: [] };
    group.pledges.push(p);
    byCondition.set(key, group);
  }
  return {
    totals: totalsByCurrency(pledges),
    byCondition: [...byCondition.values()].map((g) => ({ condition: g.condition, totals: totalsByCurrency(g.pledges) })),
  };
}

export function pledgeActions(deps: PledgeContext): PledgeActions {
  const config = deps.config.pledges;
  const store = deps.store;
  return {
    enabled: config.enabled,
    pledge(input) {
      const terms = parsePledgeTerms(input.terms, { maxAmount: config.maxAmount, allowed: config.currencies });
      if (!terms.ok) return fail({ kind: 'bad_pledge_terms', reason: terms.reason });
      if (input.whileBlocked && input.whileSuspended) return fail({ kind: 'both_conditions' });
      let condition: PledgeCondition | undefined;
      const conditionText = input.whileBlocked ?? input.whileSuspended;
      if (conditionText) {
        const domain = parseConditionDomain(conditionText);
        if (!domain.ok) return fail({ kind: 'bad_condition_domain', text: conditionText, reason: domain.reason });
        condition = { domain: domain.value, require: input.whileSuspended ? 'suspended' : 'blocked' };
      }
      const { pledge, threats } = store.transaction(() => {
        const created = store.pledges.create({ pledger: input.pledger, ...terms.value, condition, originEventId: input.eventId, createdAt: deps.now() });
        const threats = condition ? threatsTo(store, condition) : [];
        if (created.created) {
          // Made while a proposal that would break it is already under way: at risk like the pledges it found.
          if (threats.length && store.pledges.setStatus(created.pledge.id, 'active', 'at_risk')) created.pledge.status = 'at_risk';
          store.audit.append({ ts: deps.now(), actor: input.pledger, action: 'pledge', detail: { id: created.pledge.id } });
        }
        return { pledge: created.pledge, threats };
      });
      // The answer is private (the intake sends it to the pledger's direct message, see bot/matrix/private-reply.ts).
      return ok({ kind: 'recorded', pledge, threats: threats.map((t) => ({ id: t.id, action: t.action, domain: t.domain })) });
    },
    summary: () => summaryOf(store.pledges.listByStatus(STANDING_PLEDGE_STATUSES)),
    mine: (user) => store.pledges.listByPledger(user),
    unpledge(user, id) {
      const pledge = store.pledges.get(id);
      if (!pledge || pledge.pledger !== user) return fail({ kind: 'no_such_pledge', id });
      if (!store.pledges.setStatus(id, STANDING_PLEDGE_STATUSES, 'withdrawn')) return fail({ kind: 'pledge_not_standing', id, status: pledge.status });
      store.audit.append({ ts: deps.now(), actor: user, action: 'unpledge', detail: { id } });
      return ok({ kind: 'withdrawn', id });
    },
    detail: () => store.pledges.listByStatus(STANDING_PLEDGE_STATUSES),
  };
}
