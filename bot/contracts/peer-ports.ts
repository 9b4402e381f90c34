// What `peers` may ask of the bot: every watched peer's verdict on a domain.
import type { DomainWatch } from '../../governance/peer-watch.ts';

export interface PeerActions {
  /** Reads the peers whose last reading is stale (each within peers.timeout), then judges the domain. */
  watch(domain: string): Promise<DomainWatch>;
}

export const NO_PEERS = 'No peer instances are watched: the bot\'s config has no peers section (peers.domains, or peers.fromInstanceActivity on Mastodon).';
