// Peer watch's background jobs on the fake's clock, with fake peers on 127.0.0.1: the refresh keeps readings fresh,
// the weekly digest tells staff once what changed on decided domains (nothing when nothing did), the first run is a
// baseline, and scheduling again after a restart adds no second job. The poll notice shows the summary line.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../../../bot/job-handlers.ts';
import { kindsIn } from '../../../bot/job-kinds.ts';
import { JobRunner } from '../../../bot/scheduler.ts';
import { peerWatch } from '../../../bot/peers/watch.ts';
import { schedulePeerJobs, WEEK_MS } from '../../../bot/peers/peer-jobs.ts';
import { noticeExtras } from '../../../bot/proposals/notice-extras.ts';
import { toView } from '../../../bot/proposals/view.ts';
import type { PeersConfig } from '../../../bot/config/types.ts';
import { decisionsWorld, STAFF_ROOM } from '../decisions/decisions-fixture.ts';
import { startFakePeers, type FakePeers } from '../../fakes/peers/index.ts';

const DAY = 86_400_000;
let fakes: FakePeers;

beforeAll(async () => {
  fakes = await startFakePeers([
    { kind: 'mastodon', blocks: [{ domain: 'x.example', severity: 'suspend' }] },
    { kind: 'mastodon', blocks: [] },
  ]);
});
afterAll(() => fakes.stop());

async function world() {
  const w = await decisionsWorld();
  const config: PeersConfig = {
    domains: [{ name: 'a.example', baseUrl: fakes.peers[0]!.url }, { name: 'b.example', baseUrl: fakes.peers[1]!.url }, { name: 'down.example', baseUrl: fakes.downUrl }],
    fromInstanceActivity: false,
    activeServers: 10,
    concurrency: 2,
    timeout: 2_000,
    maxBytes: 1_000_000,
    cacheTtl: DAY,
  };
  w.deps.config.peers = config;
  const peers = peerWatch({ store: w.store, config, userAgent: 'fedimoot/test', logger: pino({ level: 'silent' }), now: w.deps.now });
  w.deps.peers = peers;
  const runner = new JobRunner(w.store, jobHandlers({ deps: w.deps, peers }), pino({ level: 'silent' }), w.deps.now);
  w.deps.kick = () => runner.kick();
  const advance = async (ms: number) => {
    // A day at a time, as the refresh job runs daily here.
    for (let left = ms; left > 0; left -= DAY) {
      w.fake.clock.advance(Math.min(DAY, left));
      await runner.kick();
    }
  };
  const staffTexts = () => w.textsIn(STAFF_ROOM);
  return { w, peers, runner, advance, staffTexts };
}

describe('peer watch jobs', () => {
  it('digests the week once for staff: a lift and a new block on decided domains; nothing in a quiet week', async () => {
    fakes.peers[0]!.publish([{ domain: 'x.example', severity: 'suspend' }]);
    fakes.peers[1]!.publish([]);
    const { w, runner, advance, staffTexts } = await world();
    w.approved({ domain: 'x.example', action: 'suspend' });
    w.approved({ domain: 'y.example', action: 'limit' });
    schedulePeerJobs(w.deps);
    await runner.kick();
    expect(staffTexts()).toEqual([]);

    fakes.peers[0]!.publish([]);
    fakes.peers[1]!.publish([{ domain: 'y.example', severity: 'silence' }, { domain: 'undecided.example', severity: 'suspend' }]);
    await advance(WEEK_MS - DAY);
    expect(staffTexts()).toEqual([]);
    await advance(DAY);
    expect(staffTexts()).toEqual([
      'Peer watch, this week: 2 changes among the peers on domains decided or proposed here.\n\n' +
        'a.example no longer blocks x.example (it suspended it).\n\n' +
        'b.example now limits y.example.',
    ]);
    await advance(WEEK_MS);
    expect(staffTexts()).toHaveLength(1);
    // A restart schedules nothing twice.
    schedulePeerJobs(w.deps);
    expect(w.store.jobs.pendingOfKinds(kindsIn('peers')).map((j) => j.kind).sort()).toEqual(['peer_digest', 'peer_refresh']);
  });

  it('the poll notice carries the summary from the kept readings, without asking the peers', async () => {
    fakes.peers[0]!.publish([{ domain: 'x.example', severity: 'suspend' }]);
    fakes.peers[1]!.publish([]);
    const { w, peers } = await world();
    await peers.refresh();
    const asked = fakes.peers[0]!.requests.length;
    const p = w.approved({ domain: 'x.example', action: 'suspend' });
    const lines = await noticeExtras(w.deps, toView(w.store, p));
    expect(lines).toContain('Of 3 peers, 1 blocks x.example (1 suspend), 1 federates with it, 1 could not be read (down.example: refused the connection).');
    expect(fakes.peers[0]!.requests.length).toBe(asked);
  });
});
