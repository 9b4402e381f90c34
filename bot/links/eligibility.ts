// governance.eligibility.requireLinkedAccount: the linked accounts of the rooms' members, as the eligibility rule
// takes them, read fresh from the instance at the poll's opening where it answers (suspended, disabled).
import type { LinkedAccountRule } from '../../governance/eligibility.ts';
import type { ProposalDeps } from '../proposals/deps.ts';

export async function linkedAccountRule(deps: ProposalDeps, members: readonly string[], now: number): Promise<LinkedAccountRule | undefined> {
  const rule = deps.config.governance.eligibility;
  if (!rule.requireLinkedAccount) return undefined;
  const accounts = new Map<string, { createdAt: number; suspended: boolean; disabled: boolean }>();
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
    accounts.set(userId, {
      createdAt: Number.isFinite(created) ? created : (link.accountCreatedAt ?? now),
      suspended: fresh?.suspended ?? false,
      disabled: fresh?.disabled ?? false,
    });
  }));
  return { required: true, minAccountAgeDays: rule.minAccountAgeDays, accounts, now };
}

export function linkedRuleLine(deps: ProposalDeps): string | undefined {
  const rule = deps.config.governance.eligibility;
  if (!rule.requireLinkedAccount) return undefined;
  const age = rule.minAccountAgeDays > 0 ? ` at least ${rule.minAccountAgeDays} days old` : '';
  return `Only members who linked a local account on the instance${age} (not suspended or disabled) may vote: ${deps.config.matrix.commandPrefix} link @you@instance.`;
}
