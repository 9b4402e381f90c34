// The peers section (peer watch): defaults, peer domains and addresses, limits, each refusal naming its key path.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../../bot/config/index.ts';
import { configErrors, minimalTree, treeWith } from './config-fixtures.ts';

describe('peers section', () => {
  it('is absent by default, and fills in the limits when given', () => {
    expect(parseConfig(stringify(minimalTree()), {}).peers).toBeUndefined();
    const config = parseConfig(stringify(treeWith({ 'peers.domains': ['Mastodon.Social', 'http://127.0.0.1:8080/', 'https://akkoma.example:8443'] })), {});
    expect(config.peers).toEqual({
      domains: [
        { name: 'mastodon.social', baseUrl: 'https://mastodon.social' },
        { name: '127.0.0.1:8080', baseUrl: 'http://127.0.0.1:8080' },
        { name: 'akkoma.example:8443', baseUrl: 'https://akkoma.example:8443' },
      ],
      fromInstanceActivity: false,
      activeServers: 50,
      concurrency: 8,
      timeout: 10_000,
      maxBytes: 16_000_000,
      cacheTtl: 6 * 3_600_000,
    });
  });

  it('refuses bad values, naming the key path', () => {
    expect(configErrors(treeWith({ 'peers.domains': ['bad domain'] }))).toEqual([
      'peers.domains[0]: expected a domain like mastodon.social, or an address like https://peer.example:8443; "bad domain" is not a domain: it contains a space; write a domain like example.social, got "bad domain"',
    ]);
    expect(configErrors(treeWith({ 'peers.domains': ['a.example'], 'peers.timeout': '0s' }))).toEqual(['peers.timeout: expected a duration from 1s to 5m, got "0s"']);
    expect(configErrors(treeWith({ 'peers.domains': ['a.example'], 'peers.concurrency': 0 }))).toEqual(['peers.concurrency: expected a whole number from 1 to 64, got 0']);
    expect(configErrors(treeWith({ 'peers.domains': ['a.example'], 'peers.cacheTl': '1h' }))[0]).toMatch(/^peers\.cacheTl: unknown key.*cacheTtl/);
  });

  it('refuses settings that cannot work together, naming both keys', () => {
    expect(configErrors(treeWith({ 'peers.fromInstanceActivity': true }))).toEqual([
      "peers.fromInstanceActivity: true needs the mastodon section: the most active servers are read through the instance's admin API",
    ]);
    expect(configErrors(treeWith({ 'peers.domains': [] }))).toEqual([
      'peers.domains: is empty and peers.fromInstanceActivity is false, so no peer would be watched; list peer domains, or remove the peers section',
    ]);
    expect(configErrors(treeWith({ 'peers.domains': ['a.example', 'A.example'] }))).toEqual(['peers.domains[1]: a.example is listed twice']);
  });
});
