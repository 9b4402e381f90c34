// Lines other capabilities add to a poll's notice. Each is computed once per proposal and kept (store.notices), so every
// room's notice says the same, also when a crash makes a room's notice be sent later.
import type { ProposalView } from '../contracts/ports.ts';
import { describeImpact } from '../wording/impact-words.ts';
import type { ProposalDeps } from './deps.ts';
import { atStakeLine } from '../pledges/hook.ts';
import { linkedRuleLine } from '../links/eligibility.ts';
import { isRefusal } from '../mastodon/refusal.ts';
import { answerWithin } from './answer-within.ts';

/** The poll opens without the figures rather than wait long for a slow instance. */
const IMPACT_WAIT_MS = 10_000;

async function impactLine(deps: ProposalDeps, view: ProposalView): Promise<string | undefined> {
  if (!deps.instance || view.action === 'lift') return undefined;
  try {
    const figures = await answerWithin(deps.instance.impact(view.domain), IMPACT_WAIT_MS);
    return `Impact of a block: ${describeImpact(figures)}.`;
  } catch (error) {
    deps.logger.warn({ err: error, proposal: view.id }, 'could not read impact figures for the poll notice');
    // A refused token is said as such (staff fix it with fedimoot check), never as figures this server lacks.
    if (isRefusal(error)) return `Impact of a block: not shown, the instance refused the bot's token (${error.status}); staff can run fedimoot check.`;
    return 'Impact of a block: not shown, the instance did not answer.';
  }
}

export async function noticeExtras(deps: ProposalDeps, view: ProposalView): Promise<string[]> {
  const kept = deps.store.notices.pollNoticeExtras(view.id);
  if (kept !== undefined) return kept;
  const stake = deps.config.pledges.enabled ? atStakeLine(deps.store, view) : undefined;
  const lines = [await impactLine(deps, view), stake, linkedRuleLine(deps)].filter((l): l is string => l !== undefined);
  deps.store.notices.savePollNoticeExtras(view.id, lines);
  return lines;
}
