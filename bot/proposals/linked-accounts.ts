// governance.eligibility.requireLinkedAccount: the linked accounts of the rooms' members, as the eligibility rule
// takes them, read fresh from the instance at the poll's opening (age, suspended, disabled).
import type { LinkedAccount, LinkedAccountRule } from '../../governance/eligibility.ts';
import type { ConfigSections, ProposalDeps } from './deps.ts';

/** The stored links, the instance's accounts, and the rule (governance.eligibility). */
export type LinkedAccountContext = Pick<ProposalDeps, 'store' | 'instance' | 'logger'> & ConfigSections<'governance'>;

export async function linkedAccountRule(deps: LinkedAccountContext, members: readonly string[], now: number): Promise<LinkedAccountRule | undefined> {
  const rule = deps.config.governance.eligibility;
  if (!rule.requireLinkedAccount) return undefined;
  const accounts = new Map<string, LinkedAccount>();
  const unreadable: string[] = [];
  await Promise.all(members.map(async (userId) => {
    const link = deps.store.links.byMatrixUser(userId);
    if (!link) return;
    let fresh;
    try {
      fresh = await deps.instance?.adminAccount(link.accountId);
    } catch {
      fresh = undefined;
    }
    const created = fresh ? Date.parse(fresh.createdAt) : Number.NaN;
    // Fail closed: an account the instance does not show (gone, the token may not read it, the instance is down)
    // cannot be shown to be in good standing, so it gives no vote on this poll.
    if (!fresh || typeof fresh.suspended !== 'boolean' || typeof fresh.disabled !== 'boolean' || !Number.isFinite(created)) {
      unreadable.push(userId);
      accounts.set(userId, { createdAt: 0, suspended: false, disabled: false, unreadable: true });
      return;
    }
    accounts.set(userId, { createdAt: created, suspended: fresh.suspended, disabled: fresh.disabled });
  }));
  if (unreadable.length) {
    deps.logger.warn({ members: unreadable.length }, 'linked accounts not readable on the instance; those members may not vote on this poll');
  }
  return { required: true, minAccountAgeDays: rule.minAccountAgeDays, accounts, now };
}
