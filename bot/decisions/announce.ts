// mastodon.announce: each counted result also as a status on the instance, posted once (Idempotency-Key).
import type { ProposalDeps } from '../proposals/deps.ts';
import type { ProposalHook } from '../proposals/hooks.ts';

export function announceHook(deps: ProposalDeps): ProposalHook {
  return {
    name: 'announce',
    on(milestone, id) {
      if (milestone !== 'counted' || !deps.instance || !deps.config.mastodon?.announce.enabled) return;
      deps.store.jobs.schedule({ kind: 'announce_status', proposalId: id, runAt: deps.now(), payload: {}, key: `announce-status:${id}` });
    },
  };
}

export async function postResultStatus(deps: ProposalDeps, id: number): Promise<void> {
  const record = deps.store.proposals.get(id);
  const mastodon = deps.config.mastodon;
  if (!record?.resultLine || !deps.instance || !mastodon) return;
  if (mastodon.dryRun) {
    deps.logger.info({ proposal: id }, 'dry run: the result status was not posted');
    return;
  }
  const where = deps.config.publish.baseUrl ? `\n\nThe decision log: ${deps.config.publish.baseUrl}/` : '';
  await deps.instance.postStatus(`${record.resultLine}${where}`, {
    visibility: mastodon.announce.visibility,
    idempotencyKey: `fedimoot-result-${id}-${record.closedAt ?? 0}`,
  });
}
