// peers.fromInstanceActivity on the Mastodon contract fake: the instance's most active remote servers (admin
// dimensions) are watched beside the configured peers, the list kept for peers.cacheTtl, the last list kept when the
// instance refuses, and only the configured peers on a server without dimensions.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerWatch } from '../../../bot/peers/watch.ts';
import type { PeersConfig } from '../../../bot/config/types.ts';
import { decisionsWorld } from '../decisions/decisions-fixture.ts';
import { startFakePeers, type FakePeers } from '../../fakes/peers/index.ts';

const DAY = 86_400_000;
let fakes: FakePeers;

beforeAll(async () => {
  fakes = await startFakePeers([{ kind: 'mastodon', blocks: [{ domain: 'x.example', severity: 'suspend' }] }]);
});
afterAll(() => fakes.stop());

function daysAgo(now: number, n: number): string {
  return new Date(now - n * DAY).toISOString().slice(0, 10);
}

async function world(activeServers: ((limit: number) => Promise<string[] | undefined>) | 'gateway' = 'gateway') {
  const w = await decisionsWorld();
  const now = w.fake.clock.now();
  w.fake.state.setMeasures('big.example', { daily: { statuses: { [daysAgo(now, 1)]: 50 } } });
  w.fake.state.setMeasures('mid.example', { daily: { statuses: { [daysAgo(now, 2)]: 30 } } });
  // A configured peer that is also active is watched once, at its configured address.
  w.fake.state.setMeasures('a.example', { daily: { statuses: { [daysAgo(now, 2)]: 40 } } });
  w.fake.state.setMeasures('small.example', { daily: { statuses: { [daysAgo(now, 0)]: 1 } } });
  const config: PeersConfig = {
    domains: [{ name: 'a.example', baseUrl: fakes.peers[0]!.url }],
    fromInstanceActivity: true,
    activeServers: 3,
    concurrency: 4,
    timeout: 1_000,
    maxBytes: 1_000_000,
    cacheTtl: DAY,
  };
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line).msg) });
  const peers = peerWatch({
    store: w.store,
    config,
    userAgent: 'fedimoot/test',
    logger,
    now: () => w.fake.clock.now(),
    activeServers: activeServers === 'gateway' ? (limit) => w.gateway.activeServers(limit) : activeServers,
  });
  const dimensionRequests = () => w.fake.requests.filter((r) => r.path === '/api/v1/admin/dimensions').length;
  return { w, peers, warnings, dimensionRequests };
}

describe('peers.fromInstanceActivity', () => {
  it('watches the most active servers beside the configured peers, and asks again only after peers.cacheTtl', async () => {
    const { w, peers, dimensionRequests } = await world();
    const readings = await peers.refresh();
    expect(peers.peers().map((p) => p.name)).toEqual(['a.example', 'big.example', 'mid.example']);
    expect(peers.peers()[1]!.baseUrl).toBe('https://big.example');
    expect(readings.map((r) => [r.peer, r.kind])).toEqual([['a.example', 'list'], ['big.example', 'unreadable'], ['mid.example', 'unreadable']]);
    expect(dimensionRequests()).toBe(1);

    w.fake.state.setMeasures('small.example', { daily: { statuses: { [daysAgo(w.fake.clock.now(), 0)]: 90 } } });
    await peers.refresh();
    expect(dimensionRequests()).toBe(1);
    w.fake.clock.advance(DAY);
    await peers.refresh();
    expect(dimensionRequests()).toBe(2);
    // The three most active now: small, big, and a.example (already configured); mid.example is no longer watched.
    expect(peers.peers().map((p) => p.name)).toEqual(['a.example', 'small.example', 'big.example']);
  });

  it('keeps the last list when the instance refuses, saying so in the log', async () => {
    let refuse = false;
    const { w, peers, warnings } = await world(async (limit) => {
      if (refuse) throw new Error('reading the most active servers: the instance answered 403');
      return w.gateway.activeServers(limit);
    });
    await peers.refresh();
    refuse = true;
    await peers.refresh({ all: true });
    expect(peers.peers().map((p) => p.name)).toEqual(['a.example', 'big.example', 'mid.example']);
    expect(warnings).toEqual(['could not read the most active servers for peer watch; the last list stays in use']);
  });

  it('watches only peers.domains on a server without admin dimensions, and says so', async () => {
    const { peers, warnings } = await world(async () => undefined);
    const readings = await peers.refresh();
    expect(readings.map((r) => r.peer)).toEqual(['a.example']);
    expect(warnings).toEqual(['peers.fromInstanceActivity: this server has no admin dimensions (GoToSocial?); only peers.domains are watched']);
  });
});
