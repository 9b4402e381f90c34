// What the operator reads in the bot's log: one line per proposal opened, vote closed (with its result line),
// decision applied or block lifted, and application given up. A hook like any other capability (see
// proposals/hooks.ts), so the line is written once the state change is on disk, never for one rolled back.
// Private comments and individual votes stay out: the log may be read by people who are not staff.
import { formatUtc, proposalTitle } from './wording/describe.ts';
import type { ProposalDeps } from './proposals/deps.ts';
import type { ProposalHook } from './proposals/hooks.ts';

export function operatorLogHook(deps: Pick<ProposalDeps, 'store' | 'logger'>): ProposalHook {
  return {
    name: 'operator-log',
    on(milestone, id) {
      const p = deps.store.proposals.get(id);
      if (!p) return;
      const fields = { proposal: id, domain: p.domain, action: p.action, event: milestone };
      switch (milestone) {
        case 'opened': {
          const eligible = deps.store.eligibility.count(id);
          const closes = p.deadlineAt === undefined ? '' : `, closes ${formatUtc(p.deadlineAt)}`;
          deps.logger.info(fields, `${proposalTitle(p)} opened by ${p.proposer}: ${eligible} eligible${closes}`);
          return;
        }
        case 'counted':
          deps.logger.info({ ...fields, outcome: p.outcome }, `Vote closed: ${p.resultLine ?? `${proposalTitle(p)} ${p.state}`}`);
          return;
        case 'applied':
          deps.logger.info(
            fields,
            p.action === 'lift'
              ? `${proposalTitle(p)} applied: ${p.domain} is no longer blocked on the instance`
              : `${proposalTitle(p)} applied: the block is in force on the instance`,
          );
          return;
        case 'apply_failed':
          deps.logger.warn({ ...fields, error: p.applyError }, `${proposalTitle(p)} could not be applied: ${p.applyError ?? 'no reason given'}`);
          return;
        default:
          return;
      }
    },
  };
}
