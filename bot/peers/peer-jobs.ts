// Peer watch's background work, as stored jobs in a lane of their own (reading hundreds of peers must never hold up
// replies or polls): a refresh every `peers.cacheTtl`, so answers and poll notices find fresh readings, and the
// staff's weekly digest of what changed among the peers on the domains the community decided or has open.
// The digest's state (each peer's last known stance per domain) is written in one transaction with the staff notice
// queued as a job and the next digest scheduled: a crash neither repeats a digest nor loses one. A week without
// changes sends nothing.
import { stanceChanges, stanceOf, watchDomain, type PeerReading, type Stance } from '../../governance/peer-watch.ts';
import { digestParagraphs } from '../wording/peer-words.ts';
import { queueNotice } from '../decisions/notices.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import type { JobHandler } from '../scheduler.ts';
import type { Job } from '../../storage/jobs.ts';
import type { PeerWatch } from './watch.ts';

export const PEER_REFRESH_JOB = 'peer_refresh';
export const PEER_DIGEST_JOB = 'peer_digest';
export const PEER_JOBS = [PEER_REFRESH_JOB, PEER_DIGEST_JOB] as const;

export const WEEK_MS = 7 * 86_400_000;
const DIGEST_KEY = 'peers:digest';

type Stances = Record<string, Record<string, Stance>>;

/** Domains the community decided to block (approved, not lifted since) or has a proposal open on. */
function watchedDomains(deps: ProposalDeps): string[] {
  const domains = new Set<string>();
  for (const p of deps.store.proposals.listActive()) domains.add(p.domain);
  for (const p of deps.store.proposals.listDecided(100_000)) if (p.outcome === 'approved' && p.action !== 'lift') domains.add(p.domain);
  return [...domains].sort();
}

function currentStances(readings: readonly PeerReading[], domains: readonly string[]): Record<string, Record<string, Stance | undefined>> {
  const out: Record<string, Record<string, Stance | undefined>> = {};
  for (const domain of domains) {
    out[domain] = Object.fromEntries(watchDomain(readings, domain).verdicts.map((v) => [v.peer, stanceOf(v)]));
  }
  return out;
}

async function digest(deps: ProposalDeps, watch: PeerWatch, job: Job): Promise<void> {
  const readings = await watch.refresh();
  const kept = deps.store.meta.get(DIGEST_KEY);
  const before = kept === undefined ? undefined : (JSON.parse(kept) as { stances: Stances }).stances;
  const { changes, next } = stanceChanges(before ?? {}, currentStances(readings, watchedDomains(deps)));
  deps.store.transaction(() => {
    deps.store.meta.set(DIGEST_KEY, JSON.stringify({ at: deps.now(), stances: next }));
    // The first run only records where the peers stand: the next one reports what moved.
    if (before !== undefined && changes.length) queueNotice(deps, 'staff', `peer-digest-${job.id}`, undefined, digestParagraphs(changes));
    const runAt = Math.max(job.runAt + WEEK_MS, deps.now() + 60_000);
    deps.store.jobs.schedule({ kind: PEER_DIGEST_JOB, key: `${PEER_DIGEST_JOB}:${runAt}`, runAt });
  });
  deps.logger.info({ changes: changes.length }, 'peer watch digest');
  deps.kick();
}

async function refresh(deps: ProposalDeps, watch: PeerWatch, job: Job): Promise<void> {
  try {
    await watch.refresh();
  } finally {
    const runAt = Math.max(job.runAt + deps.config.peers!.cacheTtl, deps.now() + 60_000);
    deps.store.jobs.schedule({ kind: PEER_REFRESH_JOB, key: `${PEER_REFRESH_JOB}:${runAt}`, runAt });
  }
}

/** Schedules the first refresh (now) and digest (now: the baseline) unless they are already pending. */
export function schedulePeerJobs(deps: ProposalDeps): void {
  const pending = new Set(deps.store.jobs.pendingOfKinds(PEER_JOBS).map((j) => j.kind));
  const now = deps.now();
  deps.store.transaction(() => {
    if (!pending.has(PEER_REFRESH_JOB)) deps.store.jobs.schedule({ kind: PEER_REFRESH_JOB, key: `${PEER_REFRESH_JOB}:${now}`, runAt: now });
    if (!pending.has(PEER_DIGEST_JOB) && deps.store.meta.get(DIGEST_KEY) === undefined) {
      deps.store.jobs.schedule({ kind: PEER_DIGEST_JOB, key: `${PEER_DIGEST_JOB}:${now}`, runAt: now });
    } else if (!pending.has(PEER_DIGEST_JOB)) {
      const last = (JSON.parse(deps.store.meta.get(DIGEST_KEY)!) as { at: number }).at;
      const runAt = Math.max(now, last + WEEK_MS);
      deps.store.jobs.schedule({ kind: PEER_DIGEST_JOB, key: `${PEER_DIGEST_JOB}:${runAt}`, runAt });
    }
  });
}

export function peerJobHandlers(deps: ProposalDeps, watch: PeerWatch): Record<string, JobHandler> {
  return {
    [PEER_REFRESH_JOB]: (job) => refresh(deps, watch, job),
    [PEER_DIGEST_JOB]: (job) => digest(deps, watch, job),
  };
}
