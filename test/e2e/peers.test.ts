// Peer watch on a real homeserver: the bot process reads fake peers on 127.0.0.1; a member asks `!moot peers` and
// sees the exact answer in the room, and a proposal's poll notice carries the summary line from the kept readings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, createWorld, type World } from './support/world.ts';
import type { MatrixUser } from './support/matrix-user.ts';
import { startFakePeers, type FakePeers } from '../fakes/peers/index.ts';

describe('peer watch against a real homeserver', () => {
  let world: World;
  let member: MatrixUser;
  let fakes: FakePeers;
  const name = (i: number) => new URL(fakes.peers[i]!.url).host;
  beforeAll(async () => {
    fakes = await startFakePeers([
      { kind: 'mastodon', blocks: [{ domain: 'x.example', severity: 'suspend' }] },
      { kind: 'mastodon', blocks: [{ domain: 'other.example', severity: 'silence' }] },
    ]);
    world = await createWorld(1, { extra: { peers: { domains: fakes.peers.map((p) => p.url), timeout: '5s' } } });
    member = world.members[0]!;
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
    await fakes?.stop();
  });

  it('answers !moot peers with the peers by name', async () => {
    const reply = await command(member, world.memberRoom, '!moot peers x.example');
    expect(reply.content.body).toBe([
      'Of 2 peers, 1 blocks x.example (1 suspend), 1 federates with it.',
      '',
      'Block x.example:',
      '',
      `• ${name(0)}: suspend`,
      '',
      `Federate with it: ${name(1)}.`,
    ].join('\n'));
  });

  it("puts the peers' summary line in a proposal's poll notice", async () => {
    const proposed = await command(member, world.memberRoom, '!moot propose x.example suspend');
    expect(proposed.content.body).toMatch(/^Proposal 1 \(suspend x\.example\) is open for voting/);
    expect(String(proposed.content.body).split('\n')).toContain('• Of 2 peers, 1 blocks x.example (1 suspend), 1 federates with it.');
  });
});
