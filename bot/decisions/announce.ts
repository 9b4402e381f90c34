// mastodon.announce: each counted result, and each application, also as a status on the instance, each posted once
// (its own job key and Idempotency-Key). An obfuscated decision never names its domain there, as in the published log.
import { obfuscateDomain } from '../../governance/domain.ts';
import type { Proposal } from '../../storage/proposals.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';
import type { ProposalHook } from '../proposals/hooks.ts';
import { InstanceError } from '../mastodon/gateway.ts';
import { proposalTitle } from '../wording/describe.ts';
import { jobOf } from '../job-kinds.ts';

type StatusKind = 'result' | 'applied';

/** Announcing on the instance: the status job is queued on a milestone, then posted (with the log's address). */
export type AnnounceContext = Pick<ProposalDeps, 'store' | 'now' | 'instance' | 'logger'> & ConfigSections<'mastodon' | 'publish'>;

export function announceHook(deps: Pick<AnnounceContext, 'store' | 'now' | 'instance' | 'config'>): ProposalHook {
  return {
    name: 'announce',
    on(milestone, id) {
      if ((milestone !== 'counted' && milestone !== 'applied') || !deps.instance || !deps.config.mastodon?.announce.enabled) return;
      const what: StatusKind = milestone === 'counted' ? 'result' : 'applied';
      deps.store.jobs.schedule(jobOf('announce_status', id, deps.now(), { what }));
    },
  };
}

/** `text` as the public may see it: an obfuscated decision's domain replaced by its obfuscated form, in any case. */
export function publicText(record: Pick<Proposal, 'domain' | 'obfuscate'>, text: string): string {
  if (!record.obfuscate) return text;
  const pattern = new RegExp(record.domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  return text.replace(pattern, obfuscateDomain(record.domain));
}

function statusText(record: Proposal, what: StatusKind): { text: string; key: string } | undefined {
  if (what === 'result') {
    if (!record.resultLine) return undefined;
    return { text: record.resultLine, key: `fedimoot-result-${record.id}-${record.closedAt ?? 0}` };
  }
  if (record.state !== 'applied' || record.appliedAt === undefined) return undefined;
  return { text: `${proposalTitle(record)} is now in force on this instance.`, key: `fedimoot-applied-${record.id}-${record.appliedAt}` };
}

export async function postResultStatus(deps: AnnounceContext, id: number, what: StatusKind): Promise<void> {
  const record = deps.store.proposals.get(id);
  const mastodon = deps.config.mastodon;
  const status = record && statusText(record, what);
  if (!record || !status || !deps.instance || !mastodon) return;
  if (mastodon.dryRun) {
    deps.logger.info({ proposal: id, what }, 'dry run: the status was not posted');
    return;
  }
  const where = deps.config.publish.baseUrl ? `\n\nThe decision log: ${deps.config.publish.baseUrl}/` : '';
  try {
    await deps.instance.postStatus(`${publicText(record, status.text)}${where}`, {
      visibility: mastodon.announce.visibility,
      idempotencyKey: status.key,
    });
  } catch (error) {
    // Refused, or its answer lost where a retry could post it twice: one missing status, said in the log, beats two.
    if (!(error instanceof InstanceError) || error.kind !== 'permanent') throw error;
    deps.logger.warn({ proposal: id, what, error: error.message }, 'the status on the instance was not posted');
  }
}
