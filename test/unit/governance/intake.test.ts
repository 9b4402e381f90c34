import { describe, expect, it } from 'vitest';
import { domainDigest } from '../../../governance/domain.ts';
import { draftKey, draftsDue, liftsNoticed, type CommunityStanding, type SourceBlock, type SourceReading } from '../../../governance/intake.ts';

const block = (domain: string, severity: SourceBlock['severity'] = 'suspend', reason: string | null = null): SourceBlock => ({ domain, severity, reason, link: null });
const reading = (source: string, blocks: SourceBlock[], weight = 1): SourceReading => ({ source, weight, blocks });
const NONE: CommunityStanding = { blocked: [], blockedDigests: new Set(), open: [] };
const domainsOf = (r: ReturnType<typeof draftsDue>) => r.drafts.map((d) => d.domain);

describe('drafts from the sources', () => {
  const readings = [
    reading('a', [block('x.example', 'suspend', 'spam'), block('y.example')]),
    reading('b', [block('x.example', 'limit')]),
    reading('c', [block('x.example', 'suspend', 'harassment')]),
  ];

  it('a domain becomes a draft once the trust of the sources blocking it reaches the threshold', () => {
    expect(domainsOf(draftsDue(readings, NONE, { threshold: 1 }, new Set()))).toEqual(['x.example', 'y.example']);
    const three = draftsDue(readings, NONE, { threshold: 3 }, new Set());
    expect(three.drafts).toEqual([{
      domain: 'x.example',
      severity: 'suspend',
      backers: [
        { source: 'a', severity: 'suspend', reason: 'spam', link: null },
        { source: 'b', severity: 'limit', reason: null, link: null },
        { source: 'c', severity: 'suspend', reason: 'harassment', link: null },
      ],
    }]);
    expect(domainsOf(draftsDue(readings, NONE, { threshold: 4 }, new Set()))).toEqual([]);
  });

  it('counts each source by its trust; a source of trust 0 is shown but never enough', () => {
    const weighted = [reading('big', [block('z.example')], 2), reading('quiet', [block('w.example')], 0)];
    expect(domainsOf(draftsDue(weighted, NONE, { threshold: 2 }, new Set()))).toEqual(['z.example']);
    expect(domainsOf(draftsDue(weighted, NONE, { threshold: 1 }, new Set()))).toEqual(['z.example']);
  });

  it('suggests what most backers do, a tie going to limit', () => {
    const tie = [reading('a', [block('t.example', 'suspend')]), reading('b', [block('t.example', 'limit')])];
    expect(draftsDue(tie, NONE, { threshold: 2 }, new Set()).drafts[0]!.severity).toBe('limit');
  });

  it('a block on a parent counts for its subdomains, and a subdomain is no draft beside its parent', () => {
    const r = [reading('a', [block('bad.example')]), reading('b', [block('eu.bad.example', 'limit')])];
    // eu.bad.example: a covers it through bad.example, b directly; bad.example only a.
    expect(draftsDue(r, NONE, { threshold: 2 }, new Set()).drafts.map((d) => [d.domain, d.backers.map((b) => b.source)])).toEqual([['eu.bad.example', ['a', 'b']]]);
    expect(domainsOf(draftsDue(r, NONE, { threshold: 1 }, new Set()))).toEqual(['bad.example']);
  });

  it('leaves out what the community already blocks (also a parent, also obfuscated) or has a proposal on', () => {
    const r = [reading('a', [block('x.example'), block('sub.y.example'), block('hidden.example'), block('open.example'), block('eu.open2.example')])];
    const standing: CommunityStanding = { blocked: ['x.example', 'y.example'], blockedDigests: new Set([domainDigest('hidden.example')]), open: ['open.example', 'open2.example'] };
    expect(domainsOf(draftsDue(r, standing, { threshold: 1 }, new Set()))).toEqual([]);
  });

  it('shows a draft once, and again only after no source backs it for a while', () => {
    const r = [reading('a', [block('x.example')])];
    const shown = new Set([draftKey('x.example')]);
    expect(draftsDue(r, NONE, { threshold: 1 }, shown)).toEqual({ drafts: [], forget: [] });
    expect(draftsDue([reading('a', [])], NONE, { threshold: 1 }, shown)).toEqual({ drafts: [], forget: ['draft:x.example'] });
  });
});

describe('lifts noticed', () => {
  const standing: CommunityStanding = { blocked: ['x.example', 'y.example'], blockedDigests: new Set(), open: [] };

  it('a source lifting a domain the community blocks is noticed; one it never blocked is not', () => {
    const before = [block('x.example', 'suspend', 'spam'), block('z.example')];
    expect(liftsNoticed('a', before, [], standing)).toEqual([{ source: 'a', domain: 'x.example', was: block('x.example', 'suspend', 'spam') }]);
  });

  it('a block kept, moved to a parent, or turned into a limit is no lift; a second look finds nothing new', () => {
    expect(liftsNoticed('a', [block('x.example')], [block('x.example', 'limit')], standing)).toEqual([]);
    expect(liftsNoticed('a', [block('eu.y.example')], [block('y.example')], standing)).toEqual([]);
    expect(liftsNoticed('a', [], [], standing)).toEqual([]);
  });
});
