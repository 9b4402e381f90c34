// Peer watch's background work, as stored jobs in a lane of their own (reading hundreds of peers must never hold up
// replies or polls): a refresh every `peers.cacheTtl`, so answers and poll notices find fresh readings, and the
// staff's weekly digest of what changed among the peers on the domains the community decided or has open.
// The digest's state (each peer's last known stance per domain) is written in one transaction with the staff notice
// queued as a job and the next digest scheduled: a crash neither repeats a digest nor loses one. A week without
// changes sends nothing.
import { stanceChanges, stanceOf, watchDomain, type PeerReading, type Stance } from '../../governance/peer-watch.ts';
import { digestParagraphs } from '../wording/peer-words.ts';
import { queueNotice, type NoticeContext } from '../decisions/notices.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import { jobOf, kindsIn } from '../job-kinds.ts';
import type { PeerWatch } from './watch.ts';

export const WEEK_MS = 7 * 86_400_000;

type Stances = Record<string, Record<string, Stance>>;

/** The digest: the proposals watched, the stored baseline, the staff notice and the next digest queued. */
export type PeerDigestContext = NoticeContext & Pick<ProposalDeps, 'logger' | 'kick'>;
/** The refresh and the first jobs: scheduling alone. */
export type PeerScheduleContext = Pick<ProposalDeps, 'store' | 'now'>;

/** Domains the community decided to block (approved, not lifted since) or has a proposal open on. */
function watchedDomains(deps: Pick<ProposalDeps, 'store'>): string[] {
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

/** `dueAt`: when this digest was due (the job's payload), from which the next one is a week on. */
export async function sendPeerDigest(deps: PeerDigestContext, watch: PeerWatch, dueAt: number): Promise<void> {
  const readings = await watch.refresh();
  const before = deps.store.peers.digestBaseline()?.value as Stances | undefined;
  const { changes, next } = stanceChanges(before ?? {}, currentStances(readings, watchedDomains(deps)));
  deps.store.transaction(() => {
    deps.store.peers.saveDigestBaseline(deps.now(), next);
    // The first run only records where the peers stand: the next one reports what moved.
    if (before !== undefined && changes.length) queueNotice(deps, 'staff', `peer-digest-${dueAt}`, undefined, digestParagraphs(changes));
    const runAt = Math.max(dueAt + WEEK_MS, deps.now() + 60_000);
    deps.store.jobs.schedule(jobOf('peer_digest', undefined, runAt, { dueAt: runAt }));
  });
  deps.logger.info({ changes: changes.length }, 'peer watch digest');
  void deps.kick();
}

/** Reads the peers again and schedules the next refresh, a cache TTL after `dueAt`, whatever the reading gave. */
export async function refreshPeers(deps: PeerScheduleContext, watch: PeerWatch, dueAt: number, cacheTtl: number): Promise<void> {
  try {
    await watch.refresh();
  } finally {
    const runAt = Math.max(dueAt + cacheTtl, deps.now() + 60_000);
    deps.store.jobs.schedule(jobOf('peer_refresh', undefined, runAt, { dueAt: runAt }));
  }
}

/** Schedules the first refresh (now) and digest (now: the baseline) unless they are already pending. */
export function schedulePeerJobs(deps: PeerScheduleContext): void {
  const pending = new Set(deps.store.jobs.pendingOfKinds(kindsIn('peers')).map((j) => j.kind));
  const now = deps.now();
  deps.store.transaction(() => {
    if (!pending.has('peer_refresh')) deps.store.jobs.schedule(jobOf('peer_refresh', undefined, now, { dueAt: now }));
    if (pending.has('peer_digest')) return;
    const last = deps.store.peers.digestBaseline()?.at;
    const runAt = last === undefined ? now : Math.max(now, last + WEEK_MS);
    deps.store.jobs.schedule(jobOf('peer_digest', undefined, runAt, { dueAt: runAt }));
  });
}
