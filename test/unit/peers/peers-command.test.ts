// `peers <domain>` as a member writes it: peer watch (store and reader real) over fake peers on 127.0.0.1, answered
// with the exact summary line and the peers by name; a bad domain is refused in words; readings are kept for the TTL.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../../commands/chat/dispatch.ts';
import { CHAT_COMMANDS } from '../../../commands/chat/registry.ts';
import type { CommandContext } from '../../../bot/contracts/spec.ts';
import type { ProposalActions } from '../../../bot/contracts/ports.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { peerWatch, type PeerWatch } from '../../../bot/peers/watch.ts';
import type { PeersConfig } from '../../../bot/config/types.ts';
import { memoryStore } from '../storage/storage-fixtures.ts';
import { startFakePeers, type FakePeers } from '../../fakes/peers/index.ts';

let fakes: FakePeers;
let config: PeersConfig;

beforeAll(async () => {
  fakes = await startFakePeers([
    { kind: 'mastodon', blocks: [{ domain: 'x.example', severity: 'suspend' }] },
    { kind: 'mastodon', blocks: [{ domain: 'x.example', severity: 'silence', obfuscate: true }] },
    { kind: 'akkoma', mrfSimple: { reject: ['x.example'] } },
    { kind: 'mastodon', blocks: [{ domain: 'other.example', severity: 'suspend' }] },
    { kind: 'mastodon-hidden', status: 404 },
    { kind: 'slow', delayMs: 3_000 },
  ]);
  const names = ['one.example', 'two.example', 'akkoma.example', 'open.example', 'hidden.example', 'slow.example'];
  config = {
    domains: fakes.peers.map((p, i) => ({ name: names[i]!, baseUrl: p.url })),
    fromInstanceActivity: false,
    activeServers: 10,
    concurrency: 4,
    timeout: 1_000,
    maxBytes: 1_000_000,
    cacheTtl: 3_600_000,
  };
});
afterAll(() => fakes.stop());

function world() {
  const store = memoryStore();
  let now = Date.UTC(2026, 0, 1);
  const watch: PeerWatch = peerWatch({ store, config, userAgent: 'fedimoot/test', logger: pino({ level: 'silent' }), now: () => now });
  const ctx = (peers = true): CommandContext => ({
    sender: '@mia:example.social',
    roomId: '!town:example.social',
    eventId: '$cmd',
    eventTs: 0,
    roomKind: 'member',
    isStaff: async () => false,
    settings: { prefix: '!moot', minVotingPeriodMs: 1, maxVotingPeriodMs: 2, votingPeriodMs: 1, whoMayPropose: 'members' },
    proposals: {} as ProposalActions,
    ...(peers ? { peers: { watch: (domain: string) => watch.watch(domain) } } : {}),
  });
  const ask = async (text: string, peers = true) => {
    const reply = await dispatchCommand(CHAT_COMMANDS, text, ctx(peers));
    if (reply.kind !== 'reply') throw new Error(`expected a reply, got ${reply.kind}`);
    return { ...reply, text: renderMessage(reply.message).body };
  };
  return { ask, store, watch, advance: (ms: number) => (now += ms) };
}

describe('peers <domain>', () => {
  it('answers with the exact summary and the peers by name; slow and hidden peers never count as federating', async () => {
    const { ask } = world();
    const reply = await ask('peers https://X.example/@someone');
    expect(reply.error).toBeUndefined();
    expect(reply.text).toBe([
      'Of 6 peers, 3 block x.example (2 suspend, 1 limit), 1 federates with it, 1 publishes no list, 1 could not be read (slow.example: no answer in 1 s).',
      '',
      'Block x.example:',
      '',
      '• one.example: suspend',
      '• two.example: limit (listed as x.e****le)',
      '• akkoma.example: suspend',
      '',
      'Federate with it: open.example.',
      '',
      'Publish no list:',
      '',
      '• hidden.example: does not show its blocks (HTTP 404, and no federation policy in NodeInfo)',
      '',
      'Could not be read (not counted as federating):',
      '',
      '• slow.example: no answer in 1 s',
    ].join('\n'));
  });

  it('refuses a word that is not a domain, saying how to write it', async () => {
    const { ask } = world();
    expect((await ask('peers threads')).text).toBe(
      '"threads" is not a domain: it has only one part (a top-level domain alone cannot be blocked); write a domain like example.social.\n\nUsage: `!moot peers <domain>`\n\nMore: `!moot help peers`',
    );
  });

  it('says so when no peers are configured', async () => {
    const { ask } = world();
    const reply = await ask('peers x.example', false);
    expect(reply.error).toBe(true);
    expect(reply.text).toBe("No peer instances are watched: the bot's config has no peers section (peers.domains, or peers.fromInstanceActivity on Mastodon).");
  });

  it('keeps readings for the TTL: a second question reads no peer, one after the TTL reads them again', async () => {
    const { ask, store, watch, advance } = world();
    const seen = () => fakes.peers[0]!.requests.length;
    const before = seen();
    await ask('peers x.example');
    expect(seen()).toBe(before + 1);
    await ask('peers other.example');
    expect(seen()).toBe(before + 1);
    expect(watch.cached('other.example')?.counts).toMatchObject({ peers: 6, blocks: 1, federates: 3 });
    advance(3_600_000);
    await ask('peers x.example');
    expect(seen()).toBe(before + 2);
    expect([...store.peers.readTimes(['one.example', 'slow.example']).keys()]).toEqual(['one.example', 'slow.example']);
  });
});
