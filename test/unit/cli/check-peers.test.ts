// `fedimoot check`, the peer watch part, against fake peers on 127.0.0.1: the exact lines for a peer that publishes
// its blocks, one whose NodeInfo holds its policy, one that publishes nothing, and one that is down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkPeers } from '../../../commands/cli/check-peers.ts';
import { printCheck } from '../../../commands/cli/check.ts';
import { parseConfig } from '../../../bot/config/index.ts';
import { startFakePeers, type FakePeers } from '../../fakes/peers/index.ts';

let fakes: FakePeers;
beforeAll(async () => {
  fakes = await startFakePeers([
    { kind: 'mastodon', blocks: [{ domain: 'x.example', severity: 'suspend' }, { domain: 'y.example', severity: 'silence' }] },
    { kind: 'akkoma', mrfSimple: { reject: ['x.example'] } },
    { kind: 'mastodon-hidden', status: 404 },
  ]);
});
afterAll(() => fakes.stop());

const matrix = { homeserverUrl: 'https://matrix.example.social', accessToken: 'syt_matrix_secret', staffRooms: ['!staff:example.social'] };
const host = (url: string) => new URL(url).host;

describe('fedimoot check: peers', () => {
  it('names the peers it can read, what each publishes, and the ones it cannot, with the key to fix', async () => {
    const domains = [...fakes.peers.map((p) => p.url), fakes.downUrl];
    const config = parseConfig(stringify({ matrix, peers: { domains, timeout: '2s' } }), {});
    const lines = await checkPeers(config);
    const [mastodon, akkoma, hidden] = fakes.peers.map((p) => `${host(p.url)} (${p.url})`);
    expect(lines.filter((l) => l.ok).map((l) => l.what)).toEqual([
      `peer ${mastodon}: read its Mastodon domain blocks, 2 blocked domains`,
      `peer ${akkoma}: read its NodeInfo federation policy, 1 blocked domain`,
      `peer ${hidden}: answers, but publishes no list: does not show its blocks (HTTP 404, and no federation policy in NodeInfo)`,
    ]);
    expect(lines.at(-1)).toEqual({ ok: false, what: `peer ${host(fakes.downUrl)} (${fakes.downUrl}): could not be read: refused the connection`, fix: 'check peers.domains[3], or remove it' });
    const out: string[] = [];
    expect(printCheck(lines, { write: (s: string) => out.push(s) > 0 } as unknown as NodeJS.WritableStream)).toBe(false);
    expect(out).toHaveLength(4);
  });

  it('adds nothing without a peers section', async () => {
    expect(await checkPeers(parseConfig(stringify({ matrix }), {}))).toEqual([]);
  });
});
