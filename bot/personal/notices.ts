// Private notices about cuts, each member's own: when a proposal to suspend a domain opens, every linked member with
// anyone there (who did not turn it off) is told their figures with the list of whom they follow there; when it is
// approved with a grace period, again with the date of the cut; once a lift of it is applied, they get the list saved
// before the cut back. Each notice goes once per proposal and member (recorded after it is sent; the DM's
// transaction id makes a resend after a crash one message). Reading members' follows waits on the instance, so the
// work runs as a job in a lane of its own (bot/app.ts), not in the milestone hook.
import { formatUtc, proposalTitle } from '../wording/describe.ts';
import { approvedNotice, followingFile, liftedNotice, openedNotice } from '../wording/personal-impact-words.ts';
import { coversDomain } from '../../governance/domain.ts';
import type { PersonalNotice } from '../../storage/personal-impact.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { DirectMessages } from '../pledges/direct.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';

/** On a milestone: which notice is due (the apply rules say whether an approval has a grace period), its job queued. */
export type PersonalNoticeHookContext = Pick<ProposalDeps, 'store' | 'now' | 'instance' | 'kick'> & ConfigSections<'governance'>;
/** The notice job: each linked member's follows read on the instance, their notice worded and sent. */
export type PersonalNoticeContext = Pick<ProposalDeps, 'store' | 'now' | 'instance' | 'logger'> & ConfigSections<'governance' | 'matrix'>;
import type { Milestone, ProposalHook } from '../proposals/hooks.ts';
import { readPersonalImpact } from './read.ts';
import { jobOf } from '../job-kinds.ts';

/** Which notice a milestone calls for, if any. Only a suspend cuts follows (a limit keeps them). */
export function noticeFor(milestone: Milestone, p: Proposal, deps: ConfigSections<'governance'>): PersonalNotice | undefined {
  const g = deps.config.governance;
  if (milestone === 'opened' && p.action === 'suspend') return 'opened';
  if (milestone === 'counted' && p.action === 'suspend' && p.outcome === 'approved' && g.autoApply && g.applyGracePeriod > 0) return 'approved';
  if (milestone === 'applied' && p.action === 'lift') return 'lifted';
  return undefined;
}

export function personalNoticeHook(deps: PersonalNoticeHookContext): ProposalHook {
  return {
    name: 'personal-impact',
    on(milestone, id) {
      const p = deps.store.proposals.get(id);
      const notice = p && deps.instance ? noticeFor(milestone, p, deps) : undefined;
      if (!notice) return;
      deps.store.jobs.schedule(jobOf('personal_notice', id, deps.now(), { notice }));
      void deps.kick();
    },
  };
}

export async function sendPersonalNotices(deps: PersonalNoticeContext, dm: DirectMessages, proposalId: number, notice: PersonalNotice): Promise<void> {
  const p = deps.store.proposals.get(proposalId);
  if (!p || !deps.instance) return;
  const sent = notice === 'lifted' ? await giveListsBack(deps, dm, p) : await tellAffected(deps, dm, p, notice);
  // How many, never who: that someone was told says they follow people there.
  if (sent > 0) deps.logger.info({ proposal: p.id, notice, members: sent }, `sent ${sent} private notice${sent === 1 ? '' : 's'} about what the proposal cuts`);
}

/** A notice that came late (the bot was down) is not sent once the proposal moved past it. */
function stillTimely(p: Proposal, notice: PersonalNotice): boolean {
  return notice === 'opened' ? p.state === 'open' : p.state === 'approved';
}

async function tellAffected(deps: PersonalNoticeContext, dm: DirectMessages, p: Proposal, notice: 'opened' | 'approved'): Promise<number> {
  const { store } = deps;
  const prefix = deps.config.matrix.commandPrefix;
  let sent = 0;
  let retry = 0;
  for (const link of store.links.list()) {
    if (!stillTimely(store.proposals.get(p.id) ?? p, notice)) break;
    const user = link.matrixUserId;
    if (!store.personal.notifies(user) || store.personal.wasSent(p.id, notice, user)) continue;
    const answer = await readPersonalImpact(deps.instance!, link, p.domain, deps.logger);
    // A hidden network, or one the instance refuses, says nothing about being affected: such members are not told.
    // One that could not be read for now is tried again (the job fails and is retried; those told are not told again).
    if (answer.kind === 'unreadable' && answer.transient) retry++;
    if (answer.kind !== 'figures') continue;
    const { impact } = answer;
    if (impact.following.length === 0 && impact.followers.length === 0) continue;
    // Saved before the message that promises it is kept.
    if (impact.following.length) store.personal.saveList(user, p.domain, impact.following);
    const msg = notice === 'opened'
      ? openedNotice(proposalTitle(p), p.domain, impact, prefix)
      : approvedNotice(proposalTitle(p), p.domain, formatUtc((p.closedAt ?? deps.now()) + deps.config.governance.applyGracePeriod), impact, prefix);
    const file = impact.following.length ? followingFile(p.domain, impact.following) : undefined;
    await dm.send(user, msg, `personal-${notice}-${p.id}-${user}`, file);
    store.personal.markSent(p.id, notice, user);
    sent++;
  }
  if (retry > 0) throw new Error(`the follows of ${retry} linked member${retry === 1 ? '' : 's'} could not be read for now; trying again (${sent} told)`);
  return sent;
}

async function giveListsBack(deps: Pick<ProposalDeps, 'store'>, dm: DirectMessages, p: Proposal): Promise<number> {
  const { store } = deps;
  let sent = 0;
  for (const saved of store.personal.lists()) {
    // The saved list itself is the marker: it is deleted once given back.
    if (!coversDomain(p.domain, saved.domain)) continue;
    await dm.send(saved.matrixUserId, liftedNotice(proposalTitle(p), saved.domain, saved.accounts), `personal-lifted-${p.id}-${saved.matrixUserId}-${saved.domain}`, followingFile(saved.domain, saved.accounts));
    // Given back: the member holds the list now, and the bot keeps nothing it no longer needs.
    store.transaction(() => {
      store.personal.markSent(p.id, 'lifted', saved.matrixUserId);
      store.personal.deleteList(saved.matrixUserId, saved.domain);
    });
    sent++;
  }
  return sent;
}
