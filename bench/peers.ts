// Peer watch over 200 fake peers on 127.0.0.1 (150 Mastodon lists of 1,000 blocks, 30 Akkoma NodeInfo policies, 20
// hidden lists): every peer read again (peerWatch.refresh, as the background job does: deadline, streamed size cap,
// parsing, the readings written to SQLite) and one domain judged. Baseline, in the same run: the same requests done
// plainly (a worker pool of bare fetch + JSON.parse at the same concurrency, following the 404s to NodeInfo), nothing
// kept. Medians of a few runs after a warm-up.
import pino from 'pino';
import type { PeerAddress, PeersConfig } from '../bot/config/types.ts';
import { peerWatch } from '../bot/peers/watch.ts';
import { MEMORY_PATH } from '../storage/database.ts';
import { openStore } from '../storage/store.ts';
import { manyBlocks, startFakePeers, type FakePeerSpec } from '../test/fakes/peers/index.ts';
import { median, type BenchSection, type Measurement } from './report.ts';

const MASTODON = 150;
const AKKOMA = 30;
const HIDDEN = 20;
const BLOCKS = 1_000;
const CONCURRENCY = 8;
const RUNS = 5;

function specs(): FakePeerSpec[] {
  const out: FakePeerSpec[] = [];
  for (let i = 0; i < MASTODON; i++) out.push({ kind: 'mastodon', blocks: [...manyBlocks(BLOCKS - 1, 800), { domain: 'x.example', severity: i % 3 ? 'suspend' : 'silence' }] });
  for (let i = 0; i < AKKOMA; i++) out.push({ kind: 'akkoma', mrfSimple: { reject: manyBlocks(200).map((b) => b.domain), media_removal: ['x.example'] } });
  for (let i = 0; i < HIDDEN; i++) out.push({ kind: 'mastodon-hidden', status: 404 });
  return out;
}

/** The same requests as peer watch makes, done plainly: bare fetch + JSON.parse, no limits, nothing kept. */
async function plainFetches(peers: readonly PeerAddress[]): Promise<number> {
  let next = 0;
  let documents = 0;
  const json = async (url: string) => {
    const response = await fetch(url);
    const text = await response.text();
    documents++;
    return { status: response.status, body: JSON.parse(text) as unknown };
  };
  const worker = async () => {
    while (next < peers.length) {
      const peer = peers[next++]!;
      const list = await json(`${peer.baseUrl}/api/v1/instance/domain_blocks`);
      if (list.status === 200) continue;
      const discovery = await json(`${peer.baseUrl}/.well-known/nodeinfo`);
      const links = (discovery.body as { links: { rel: string; href: string }[] }).links;
      await json(links.find((l) => l.rel.endsWith('/2.1'))!.href);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return documents;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function run(): Promise<Measurement[]> {
  const fakes = await startFakePeers(specs());
  const store = openStore(MEMORY_PATH);
  try {
    const peers = fakes.peers.map((p, i) => ({ name: `peer-${i}.example`, baseUrl: p.url }));
    const config: PeersConfig = { domains: peers, fromInstanceActivity: false, activeServers: 0, concurrency: CONCURRENCY, timeout: 30_000, maxBytes: 16_000_000, cacheTtl: 3_600_000 };
    const watch = peerWatch({ store, config, userAgent: 'fedimoot/bench', logger: pino({ level: 'silent' }), now: Date.now });
    let counts = '';
    const ours = async () => {
      await watch.refresh({ all: true });
      const judged = await watch.watch('x.example');
      counts = `${judged.counts.blocks} block, ${judged.counts.nothing} publish nothing, ${judged.counts.unreadable} unreadable`;
    };
    await ours();
    await plainFetches(peers);
    const oursMs: number[] = [];
    const plainMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      oursMs.push(await timed(ours));
      plainMs.push(await timed(() => plainFetches(peers)));
    }
    return [{
      name: `peer watch: read ${peers.length} peers, keep the readings, judge x.example (${counts})`,
      ms: median(oursMs),
      baselineName: `plain fetch + JSON.parse of the same ${peers.length + 2 * AKKOMA} documents, ${CONCURRENCY} at a time`,
      baselineMs: median(plainMs),
      goalRatio: 2,
    }];
  } finally {
    store.close();
    await fakes.stop();
  }
}

export const peersSection: BenchSection = { id: 'peers', title: `Peer watch (${MASTODON + AKKOMA + HIDDEN} fake peers on 127.0.0.1)`, run };
