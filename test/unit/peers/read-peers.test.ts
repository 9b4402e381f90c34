// Peer watch against fake peers on 127.0.0.1: a Mastodon list, an Akkoma NodeInfo, a hidden list, a slow peer, a
// malformed answer, a 50,000-entry list, a peer that is down. The counts are exact; the bad peers are named unreadable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchDomain } from '../../../governance/peer-watch.ts';
import { readPeer, readPeers, type PeerAddress, type PeerLimits } from '../../../bot/peers/read-peer.ts';
import { manyBlocks, startFakePeers, type FakePeers } from '../../fakes/peers/index.ts';

// A deadline generous enough for the 50,000-entry list on a loaded machine; the slow peers answer long after it.
const LIMITS: PeerLimits = { timeoutMs: 3_000, maxBytes: 16_000_000, userAgent: 'fedimoot/0.1.0 (+https://moot.example)' };
const NAMES = ['masto.example', 'akkoma.example', 'hidden.example', 'slow.example', 'garbage.example', 'big.example', 'quiet.example', 'users-only.example'];

let fakes: FakePeers;
let peers: PeerAddress[];

beforeAll(async () => {
  fakes = await startFakePeers([
    { kind: 'mastodon', blocks: [
      { domain: 'x.example', severity: 'suspend', comment: 'harassment' },
      { domain: 'threads.net', severity: 'silence', obfuscate: true },
      { domain: 'other.example', severity: 'suspend' },
    ] },
    { kind: 'akkoma', mrfSimple: { reject: ['x.example'], federated_timeline_removal: ['threads.net'], media_removal: ['media.example'], report_removal: ['reports.example'], accept: [] } },
    { kind: 'mastodon-hidden', status: 404 },
    { kind: 'slow', delayMs: 10_000 },
    { kind: 'malformed' },
    { kind: 'mastodon', blocks: [...manyBlocks(49_999), { domain: 'threads.net', severity: 'suspend' }] },
    { kind: 'akkoma' },
    { kind: 'mastodon-hidden', status: 401 },
    { kind: 'mastodon', blocks: manyBlocks(20_000), chunked: true },
    { kind: 'slow', delayMs: 10_000, trickle: true },
  ]);
  peers = fakes.peers.slice(0, NAMES.length).map((p, i) => ({ name: NAMES[i]!, baseUrl: p.url }));
  peers.push({ name: 'down.example', baseUrl: fakes.downUrl });
});
afterAll(() => fakes.stop());

describe('readPeers', () => {
  it('reads every kind of peer within the limits and counts each domain exactly', async () => {
    const readings = await readPeers(peers, LIMITS, 4);
    expect(readings.map((r) => [r.peer, r.kind])).toEqual([
      ['masto.example', 'list'], ['akkoma.example', 'list'], ['hidden.example', 'nothing'], ['slow.example', 'unreadable'],
      ['garbage.example', 'unreadable'], ['big.example', 'list'], ['quiet.example', 'nothing'], ['users-only.example', 'nothing'], ['down.example', 'unreadable'],
    ]);
    const big = readings[5]!;
    expect(big.kind === 'list' && big.blocks.length).toBe(50_000);

    const x = watchDomain(readings, 'x.example');
    expect(x.counts).toEqual({ peers: 9, blocks: 2, suspend: 2, limit: 0, federates: 1, nothing: 3, unreadable: 3 });
    expect(x.verdicts.filter((v) => v.verdict === 'unreadable')).toEqual([
      { peer: 'slow.example', verdict: 'unreadable', problem: 'slow', reason: 'no answer in 3 s' },
      { peer: 'garbage.example', verdict: 'unreadable', problem: 'garbage', reason: 'answered /api/v1/instance/domain_blocks with something that is not JSON' },
      { peer: 'down.example', verdict: 'unreadable', problem: 'down', reason: 'refused the connection' },
    ]);
    // The obfuscated Mastodon entry by its digest, Akkoma's timeline removal as a limit, the big list's last entry.
    expect(watchDomain(readings, 'www.threads.net').counts).toMatchObject({ blocks: 3, suspend: 1, limit: 2, federates: 0 });
    expect(watchDomain(readings, 'block-49998.example').counts).toMatchObject({ blocks: 1, suspend: 1, federates: 2 });
    // Report removal alone is not a block; media removal is a limit.
    expect(watchDomain(readings, 'reports.example').counts).toMatchObject({ blocks: 0, federates: 3 });
    expect(watchDomain(readings, 'media.example').counts).toMatchObject({ blocks: 1, limit: 1, federates: 2 });
    expect(readings[2]).toEqual({ peer: 'hidden.example', kind: 'nothing', why: 'does not show its blocks (HTTP 404, and no federation policy in NodeInfo)' });
  });

  it('sends a clear User-Agent and asks NodeInfo only when the Mastodon list is not shown', async () => {
    const [masto, akkoma] = fakes.peers;
    masto!.requests.length = 0;
    akkoma!.requests.length = 0;
    await readPeers(peers.slice(0, 2), LIMITS, 2);
    expect(masto!.requests).toEqual([{ path: '/api/v1/instance/domain_blocks', userAgent: LIMITS.userAgent }]);
    expect(akkoma!.requests.map((r) => r.path)).toEqual(['/api/v1/instance/domain_blocks', '/.well-known/nodeinfo', '/nodeinfo/2.1.json']);
  });

  it('stops reading a body past the size cap and names the cap', async () => {
    const reading = await readPeer(peers[5]!, { ...LIMITS, maxBytes: 1_000_000 });
    expect(reading).toEqual({ peer: 'big.example', kind: 'unreadable', problem: 'too-big', reason: 'answered more than 1 MB' });
    // Without a Content-Length the body is counted as it arrives, and the download stopped at the cap.
    const chunked = await readPeer({ name: 'chunked.example', baseUrl: fakes.peers[8]!.url }, { ...LIMITS, maxBytes: 500_000 });
    expect(chunked).toEqual({ peer: 'chunked.example', kind: 'unreadable', problem: 'too-big', reason: 'answered more than 500 KB' });
    expect(await readPeer({ name: 'chunked.example', baseUrl: fakes.peers[8]!.url }, LIMITS)).toMatchObject({ kind: 'list' });
  });

  it('a peer whose headers come in time but whose body does not is slow', async () => {
    const reading = await readPeer({ name: 'trickle.example', baseUrl: fakes.peers[9]!.url }, LIMITS);
    expect(reading).toEqual({ peer: 'trickle.example', kind: 'unreadable', problem: 'slow', reason: 'no complete answer in 3 s' });
  });
});
