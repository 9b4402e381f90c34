// Pledges as the chat sees them: recorded, summed, withdrawn; details only for their pledger and for staff.
import type { PledgeActions } from '../contracts/pledge-ports.ts';
import { fail, ok } from '../contracts/ports.ts';
import { conditionWords, describeTotal, formatMoney, parseConditionDomain, parsePledgeTerms, totalsByCurrency } from '../../governance/pledges.ts';
import type { Pledge, PledgeCondition } from '../../storage/pledges.ts';
import { STANDING_PLEDGE_STATUSES } from '../../storage/pledges.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import { threatsTo } from './risk.ts';

const PERIOD_WORDS = { monthly: 'a month', yearly: 'a year', once: 'once' } as const;

/** "€5.00 a month as long as threads.net stays blocked". */
export function pledgeTerms(p: Pledge): string {
  const condition = p.condition ? ` as long as ${p.condition.domain} stays ${p.condition.require === 'suspended' ? 'suspended' : 'blocked'}` : '';
  return `${formatMoney(p.amountMinor, p.currency)} ${PERIOD_WORDS[p.period]}${condition}`;
}

/** A pledge in a list: "#3: €5.00 a month as long as threads.net stays blocked (at risk)". */
export function pledgeText(p: Pledge): string {
  return `#${p.id}: ${pledgeTerms(p)} (${p.status.replace('_', ' ')})`;
}

export function aggregateLines(pledges: readonly Pledge[]): string[] {
  if (pledges.length === 0) return ['No pledges yet.'];
  const lines = totalsByCurrency(pledges).map((t) => `In total: ${describeTotal(t)}.`);
  const byCondition = new Map<string, Pledge[]>();
  for (const p of pledges) {
    if (!p.condition) continue;
    const key = `${p.condition.domain} ${p.condition.require}`;
    byCondition.set(key, [...(byCondition.get(key) ?? []), p]);
  }
  for (const group of byCondition.values()) {
    const words = conditionWords(group[0]!.condition!);
    // The amount is the subject: "€10.00/month from 2 pledges depends on …".
    for (const t of totalsByCurrency(group)) lines.push(`${describeTotal(t)} depends on ${words}.`);
  }
  return lines;
}

export function pledgeActions(deps: ProposalDeps): PledgeActions {
  const config = deps.config.pledges;
  const store = deps.store;
  return {
    enabled: config.enabled,
    pledge(input) {
      const terms = parsePledgeTerms(input.terms, { maxAmount: config.maxAmount, allowed: config.currencies });
      if (!terms.ok) return fail(terms.reason);
      if (input.whileBlocked && input.whileSuspended) return fail('Give either --while or --while-suspended, not both.');
      let condition: PledgeCondition | undefined;
      const conditionText = input.whileBlocked ?? input.whileSuspended;
      if (conditionText) {
        const domain = parseConditionDomain(conditionText);
        if (!domain.ok) return fail(`--while ${conditionText}: ${domain.reason}`);
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
      const risk = pledge.status === 'at_risk' && threats.length
        ? ` It is at risk while ${threats.map((t) => `proposal ${t.id} (${t.action} ${t.domain})`).join(' and ')} ${threats.length === 1 ? 'is' : 'are'} under way.`
        : '';
      // The answer is private (the intake sends it to the pledger's direct message, see bot/matrix/private-reply.ts).
      return ok(`Thank you: your pledge #${pledge.id} is recorded: ${pledgeTerms(pledge)}.${risk} Only you and staff see it; everyone else sees totals.`);
    },
    summary: () => aggregateLines(store.pledges.listByStatus(STANDING_PLEDGE_STATUSES)),
    mine: (user) => store.pledges.listByPledger(user).map((p) => pledgeText(p)),
    unpledge(user, id) {
      const pledge = store.pledges.get(id);
      if (!pledge || pledge.pledger !== user) return fail(`You have no pledge #${id}. \`${deps.config.matrix.commandPrefix} pledges mine\` lists yours.`);
      if (!store.pledges.setStatus(id, STANDING_PLEDGE_STATUSES, 'withdrawn')) return fail(`Pledge #${id} is ${pledge.status.replace('_', ' ')} already.`);
      store.audit.append({ ts: deps.now(), actor: user, action: 'unpledge', detail: { id } });
      return ok(`Pledge #${id} is withdrawn.`);
    },
    detail: () => store.pledges.listByStatus(STANDING_PLEDGE_STATUSES).map((p) => `${p.pledger} — ${pledgeText(p)}`),
  };
}
