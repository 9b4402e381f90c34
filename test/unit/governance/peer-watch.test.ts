import { describe, expect, it } from 'vitest';
import { domainDigest, obfuscateDomain } from '../../../governance/domain.ts';
import { classifyPeer, stanceChanges, watchDomain, type PeerReading, type PublishedBlock } from '../../../governance/peer-watch.ts';

const list = (peer: string, blocks: PublishedBlock[], allowOnly?: string[]): PeerReading =>
  ({ peer, kind: 'list', source: 'mastodon', blocks, ...(allowOnly ? { allowOnly } : {}) });

describe('classifyPeer', () => {
  it('a block on a parent covers a subdomain, as in Mastodon; not the other way round', () => {
    const peer = list('a.example', [{ domain: 'x.example', severity: 'suspend' }]);
    expect(classifyPeer(peer, 'sub.x.example')).toEqual({ peer: 'a.example', verdict: 'blocks', severity: 'suspend', as: 'x.example' });
    expect(classifyPeer(list('a.example', [{ domain: 'sub.x.example', severity: 'suspend' }]), 'x.example').verdict).toBe('federates');
    // A label boundary: notx.example is not a subdomain of x.example.
    expect(classifyPeer(peer, 'notx.example').verdict).toBe('federates');
  });

  it('an obfuscated entry matches by the SHA-256 digest of the domain or of a parent, never by its shape', () => {
    const hidden = { domain: obfuscateDomain('threads.net'), digest: domainDigest('threads.net'), severity: 'limit' as const };
    expect(classifyPeer(list('p', [hidden]), 'threads.net')).toEqual({ peer: 'p', verdict: 'blocks', severity: 'limit', as: 'thr****.*et' });
    expect(classifyPeer(list('p', [hidden]), 'www.threads.net').verdict).toBe('blocks');
    // Same obfuscated shape, different domain: no match.
    expect(classifyPeer(list('p', [hidden]), 'thrxxxx.net').verdict).toBe('federates');
    // An obfuscated entry without digest cannot be matched (only Pleroma's *.example form can).
    expect(classifyPeer(list('p', [{ domain: 'thr****.*et', severity: 'suspend' }]), 'threads.net').verdict).toBe('federates');
    expect(classifyPeer(list('p', [{ domain: '*.threads.net', severity: 'suspend' }]), 'a.threads.net').verdict).toBe('blocks');
  });

  it('of several covering entries the strictest counts; an allowlist that leaves the domain out is a suspend', () => {
    const both = list('p', [{ domain: 'x.example', severity: 'limit' }, { domain: 'sub.x.example', severity: 'suspend' }, { domain: 'x.example', severity: 'limit' }]);
    expect(classifyPeer(both, 'sub.x.example')).toMatchObject({ verdict: 'blocks', severity: 'suspend', as: 'sub.x.example' });
    expect(classifyPeer(both, 'x.example')).toMatchObject({ verdict: 'blocks', severity: 'limit' });
    expect(classifyPeer(list('p', [], ['friends.example']), 'x.example')).toMatchObject({ verdict: 'blocks', severity: 'suspend', as: 'allowlist' });
    expect(classifyPeer(list('p', [], ['friends.example']), 'a.friends.example').verdict).toBe('federates');
    expect(classifyPeer(list('p', [{ domain: 'a.friends.example', severity: 'limit' }], ['friends.example']), 'a.friends.example')).toMatchObject({ severity: 'limit' });
  });

  it('publishing nothing and being unreadable are never federating', () => {
    expect(classifyPeer({ peer: 'h', kind: 'nothing', why: 'hides its list (HTTP 404)' }, 'x.example')).toEqual({ peer: 'h', verdict: 'nothing', why: 'hides its list (HTTP 404)' });
    for (const problem of ['down', 'slow', 'garbage', 'too-big'] as const) {
      expect(classifyPeer({ peer: 'u', kind: 'unreadable', problem, reason: 'r' }, 'x.example')).toEqual({ peer: 'u', verdict: 'unreadable', problem, reason: 'r' });
    }
  });
});

describe('watchDomain', () => {
  it('counts each kind exactly, severities apart, and leaves out a peer that is the domain itself', () => {
    const readings: PeerReading[] = [
      list('a.example', [{ domain: 'x.example', severity: 'suspend' }]),
      list('b.example', [{ domain: 'x.example', severity: 'limit' }]),
      list('c.example', [{ domain: 'other.example', severity: 'suspend' }]),
      { peer: 'd.example', kind: 'nothing', why: 'hides its list (HTTP 404)' },
      { peer: 'e.example', kind: 'unreadable', problem: 'slow', reason: 'no answer in 10 s' },
      list('sub.x.example', []),
      list('x.example:8443', []),
    ];
    const watch = watchDomain(readings, 'x.example');
    expect(watch.counts).toEqual({ peers: 5, blocks: 2, suspend: 1, limit: 1, federates: 1, nothing: 1, unreadable: 1 });
    expect(watch.verdicts.map((v) => v.peer)).toEqual(['a.example', 'b.example', 'c.example', 'd.example', 'e.example']);
  });
});

describe('stanceChanges', () => {
  it('reports a new block and a lift; an unreadable peer keeps its stance; a first reading is the baseline', () => {
    const before = { 'x.example': { a: 'none', b: 'suspend', c: 'limit' } } as const;
    const now = { 'x.example': { a: 'suspend', b: 'none', c: undefined, d: 'suspend' }, 'y.example': { a: 'limit' } } as const;
    const { changes, next } = stanceChanges(before, now);
    expect(changes).toEqual([
      { domain: 'x.example', peer: 'a', from: 'none', to: 'suspend' },
      { domain: 'x.example', peer: 'b', from: 'suspend', to: 'none' },
    ]);
    expect(next).toEqual({ 'x.example': { a: 'suspend', b: 'none', c: 'limit', d: 'suspend' }, 'y.example': { a: 'limit' } });
    expect(stanceChanges(next, next).changes).toEqual([]);
  });
});
