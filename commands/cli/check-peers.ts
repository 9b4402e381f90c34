// `fedimoot check`, the peer watch part: each peer in peers.domains is read once, as the bot would read it, and the
// report names those it can read (and what they publish) and those it cannot (why, and which key to look at). The
// most active servers (peers.fromInstanceActivity) are not read here: the list changes, and one of many being down
// is not a fault of the config.
import type { Config } from '../../bot/config/types.ts';
import { readPeers } from '../../bot/peers/read-peer.ts';
import { peerUserAgent } from '../../bot/peers/watch.ts';
import { packageVersion } from '../../bot/project-root.ts';
import type { CheckLine } from './check-line.ts';

export async function checkPeers(config: Config): Promise<CheckLine[]> {
  const peers = config.peers;
  if (!peers) return [];
  const userAgent = peerUserAgent(packageVersion(), config.publish.baseUrl ?? config.mastodon?.url);
  const readings = await readPeers(peers.domains, { timeoutMs: peers.timeout, maxBytes: peers.maxBytes, userAgent }, peers.concurrency);
  return readings.map((r, i): CheckLine => {
    const where = `${r.peer} (${peers.domains[i]!.baseUrl})`;
    if (r.kind === 'list') {
      const source = r.source === 'mastodon' ? 'its Mastodon domain blocks' : 'its NodeInfo federation policy';
      return { ok: true, what: `peer ${where}: read ${source}, ${r.blocks.length} blocked domain${r.blocks.length === 1 ? '' : 's'}` };
    }
    if (r.kind === 'nothing') return { ok: true, what: `peer ${where}: answers, but publishes no list: ${r.why}` };
    return { ok: false, what: `peer ${where}: could not be read: ${r.reason}`, fix: `check peers.domains[${i}], or remove it` };
  });
}
