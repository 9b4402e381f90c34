// Lines added to a poll's notice: the impact, what other capabilities contribute (their hooks' noticeLine), the
// linked-account rule. Each is computed once per proposal and kept (store.notices), so every
// room's notice says the same, also when a crash makes a room's notice be sent later.
import type { ProposalView } from '../contracts/ports.ts';
import type { ConfigSections, ProposalDeps } from './deps.ts';
import { impactNoticeLine, linkedRuleLine } from '../wording/notice-lines.ts';
import { isRefusal } from '../mastodon/refusal.ts';
import { answerWithin } from './answer-within.ts';
import { peerSummary } from '../wording/peer-words.ts';

/** The lines of a poll's notice: the kept ones, the instance's impact, the peers' readings, the subscribers' lines. */
export type NoticeExtrasContext = Pick<ProposalDeps, 'store' | 'instance' | 'logger' | 'peers' | 'hooks'> & ConfigSections<'governance' | 'matrix'>;

/** The poll opens without the figures rather than wait long for a slow instance. */
const IMPACT_WAIT_MS = 10_000;

async function impactLine(deps: Pick<ProposalDeps, 'instance' | 'logger'>, view: ProposalView): Promise<string | undefined> {
  if (!deps.instance || view.action === 'lift') return undefined;
  try {
    const figures = await answerWithin(deps.instance.impact(view.domain), IMPACT_WAIT_MS);
    return impactNoticeLine({ figures });
  } catch (error) {
    deps.logger.warn({ err: error, proposal: view.id }, 'could not read impact figures for the poll notice');
    return impactNoticeLine(isRefusal(error) ? { refused: error.status } : { unanswered: true });
  }
}

/** From the readings peer watch keeps (never a wait): the background job keeps them fresh. */
function peersLine(deps: Pick<ProposalDeps, 'peers'>, view: ProposalView): string | undefined {
  const watch = deps.peers?.cached(view.domain);
  return watch && watch.counts.peers > 0 ? peerSummary(watch) : undefined;
}

export async function noticeExtras(deps: NoticeExtrasContext, view: ProposalView): Promise<string[]> {
  const kept = deps.store.notices.pollNoticeExtras(view.id);
  if (kept !== undefined) return kept;
  const contributed = await Promise.all(deps.hooks().map((hook) => hook.noticeLine?.(view)));
  const linked = linkedRuleLine(deps.config.governance.eligibility, deps.config.matrix.commandPrefix);
  const lines = [await impactLine(deps, view), peersLine(deps, view), ...contributed, linked].filter((l): l is string => l !== undefined);
  deps.store.notices.savePollNoticeExtras(view.id, lines);
  return lines;
}
