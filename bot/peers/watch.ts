// Peer watch at work: which peers are watched (the configured ones, then on Mastodon the instance's most active remote
// servers), their readings kept in the store for `peers.cacheTtl`, read again when stale. The command waits for stale
// peers (each within `peers.timeout`); a poll notice never waits and uses what the store has; the background job
// keeps it fresh.
import { watchDomain, type PeerReading } from '../../governance/peer-watch.ts';
import type { PeerWatch } from '../contracts/peer-ports.ts';
import type { PeerAddress, PeersConfig } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../../storage/store.ts';
import { readPeers, type PeerLimits } from './read-peer.ts';

export type { PeerWatch } from '../contracts/peer-ports.ts';

export interface PeerWatchDeps {
  store: Store;
  config: PeersConfig;
  /** `fedimoot/<version> (+<publish.baseUrl or the instance>)`. */
  userAgent: string;
  logger: Logger;
  now: () => number;
  /** The instance's most active remote servers; absent without a Mastodon instance. */
  activeServers?: (limit: number) => Promise<string[] | undefined>;
}

export function peerWatch(deps: PeerWatchDeps): PeerWatch {
  const { store, config } = deps;
  const limits: PeerLimits = { timeoutMs: config.timeout, maxBytes: config.maxBytes, userAgent: deps.userAgent };
  let running: Promise<PeerReading[]> | undefined;

  function activeKept(): { at: number; names: string[] } | undefined {
    const kept = store.peers.activeServers();
    return kept && { at: kept.at, names: kept.value };
  }

  function peers(): PeerAddress[] {
    const configured = config.domains;
    const names = new Set(configured.map((p) => p.name));
    const active = config.fromInstanceActivity ? (activeKept()?.names ?? []) : [];
    return [...configured, ...active.filter((n) => !names.has(n)).map((name) => ({ name, baseUrl: `https://${name}` }))];
  }

  async function refreshActive(all: boolean): Promise<void> {
    if (!config.fromInstanceActivity || !deps.activeServers) return;
    const kept = activeKept();
    if (!all && kept && deps.now() - kept.at < config.cacheTtl) return;
    try {
      const names = await deps.activeServers(config.activeServers);
      store.peers.saveActiveServers(deps.now(), names ?? []);
      if (names === undefined) deps.logger.warn('peers.fromInstanceActivity: this server has no admin dimensions (GoToSocial?); only peers.domains are watched');
    } catch (error) {
      // The last list stays in use; the next refresh asks again.
      deps.logger.warn({ err: error }, 'could not read the most active servers for peer watch; the last list stays in use');
    }
  }

  async function readStale(all: boolean): Promise<PeerReading[]> {
    await refreshActive(all);
    const watched = peers();
    const names = watched.map((p) => p.name);
    const readAt = store.peers.readTimes(names);
    const stale = watched.filter((p) => {
      const at = readAt.get(p.name);
      return all || at === undefined || deps.now() - at >= config.cacheTtl;
    });
    const fresh = new Map<string, PeerReading>();
    if (stale.length) {
      const readings = await readPeers(stale, limits, config.concurrency);
      store.peers.save(readings, deps.now());
      for (const r of readings) fresh.set(r.peer, r);
      const bad = readings.filter((r) => r.kind === 'unreadable').length;
      deps.logger.info({ read: readings.length, unreadable: bad }, `peer watch read ${readings.length} peer${readings.length === 1 ? '' : 's'}`);
    }
    store.peers.keepOnly(names);
    const kept = store.peers.get(names.filter((n) => !fresh.has(n)));
    return names.flatMap((n) => {
      const r = fresh.get(n) ?? kept.get(n)?.reading;
      return r ? [r] : [];
    });
  }

  /** One reading at a time: the command and the background job share it rather than ask every peer twice. */
  function refresh(options: { all?: boolean } = {}): Promise<PeerReading[]> {
    running ??= readStale(options.all ?? false).finally(() => (running = undefined));
    return running;
  }

  return {
    peers,
    refresh,
    async watch(domain) {
      return watchDomain(await refresh(), domain);
    },
    cached(domain) {
      const watched = peers();
      const kept = store.peers.get(watched.map((p) => p.name));
      if (kept.size === 0) return undefined;
      return watchDomain(watched.flatMap((p) => (kept.has(p.name) ? [kept.get(p.name)!.reading] : [])), domain);
    },
  };
}

/** The User-Agent peers see: who reads them, and where to learn more. */
export function peerUserAgent(version: string, publicUrl: string | undefined): string {
  return publicUrl ? `fedimoot/${version} (+${publicUrl})` : `fedimoot/${version}`;
}
