// What `peers` may ask of the bot: every watched peer's verdict on a domain; and peer watch as the rest of the bot
// holds it (bot/peers/watch.ts makes it), so the proposals' context can carry it without importing bot/peers.
import type { DomainWatch, PeerReading } from '../../governance/peer-watch.ts';
import type { PeerAddress } from '../config/types.ts';

export interface PeerActions {
  /** Reads the peers whose last reading is stale (each within peers.timeout), then judges the domain. */
  watch(domain: string): Promise<DomainWatch>;
}

export const NO_PEERS = 'No peer instances are watched: the bot\'s config has no peers section (peers.domains, or peers.fromInstanceActivity on Mastodon).';

export interface PeerWatch {
  /** The peers watched now: configured ones first, then the most active servers last read (no request). */
  peers(): PeerAddress[];
  /** Reads the peers whose reading is older than the TTL (every peer with `all`), and the list of active servers. */
  refresh(options?: { all?: boolean }): Promise<PeerReading[]>;
  /** Every watched peer's verdict on the domain, reading stale peers first. */
  watch(domain: string): Promise<DomainWatch>;
  /** The same from the store alone, never waiting; undefined when no peer has been read yet. */
  cached(domain: string): DomainWatch | undefined;
}
