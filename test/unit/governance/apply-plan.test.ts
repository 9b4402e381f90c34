import { describe, expect, it } from 'vitest';
import { computeDrift, indexBlocks, planApply, type DecisionToApply, type StandingDecision } from '../../../governance/apply-plan.ts';
import type { DomainBlock } from '../../../governance/blocks.ts';
import { findCoveringBlock } from '../../../governance/domain.ts';

const block = (domain: string, severity: DomainBlock['severity'] = 'suspend', extra: Partial<DomainBlock> = {}): DomainBlock => ({
  id: `id-${domain}`, domain, severity, rejectMedia: false, rejectReports: false, obfuscate: false, ...extra,
});
const decision = (domain: string, action: DecisionToApply['action'], extra: Partial<DecisionToApply> = {}): DecisionToApply => ({
  proposalId: 1, domain, action, rejectMedia: false, rejectReports: false, obfuscate: false, ...extra,
});

describe('planApply', () => {
  it.each<[string, DecisionToApply, DomainBlock[], boolean, string, unknown?]>([
    ['nothing there: create a suspend', decision('threads.net', 'suspend'), [], false, 'create', { wanted: { severity: 'suspend' } }],
    ['limit becomes silence', decision('threads.net', 'limit'), [], false, 'create', { wanted: { severity: 'silence' } }],
    ['same block already there', decision('threads.net', 'suspend'), [block('threads.net')], false, 'in_place'],
    ['same domain, looser: update severity', decision('threads.net', 'suspend'), [block('threads.net', 'silence')], false, 'update', { changes: ['severity'] }],
    ['same domain, stricter: the vote lowers it', decision('threads.net', 'limit'), [block('threads.net')], false, 'update', { changes: ['severity'] }],
    ['comment differs', decision('x.social', 'suspend', { publicComment: 'spam' }), [block('x.social')], false, 'update', { changes: ['publicComment'] }],
    ['flags differ', decision('x.social', 'limit', { rejectMedia: true }), [block('x.social', 'silence')], false, 'update', { changes: ['rejectMedia'] }],
    ['parent suspend covers a limit', decision('a.example.com', 'limit'), [block('example.com')], false, 'covered', { parent: { domain: 'example.com' } }],
    ['parent suspend covers a suspend', decision('a.example.com', 'suspend'), [block('example.com')], false, 'covered'],
    ['parent silence does not cover a suspend', decision('a.example.com', 'suspend'), [block('example.com', 'silence')], false, 'create'],
    ['parent silence covers a silence', decision('a.example.com', 'limit'), [block('example.com', 'silence')], false, 'covered'],
    ['parent silence without media rejection does not cover one with it', decision('a.example.com', 'limit', { rejectMedia: true }), [block('example.com', 'silence')], false, 'create'],
    ['a noop parent covers nothing', decision('a.example.com', 'limit'), [block('example.com', 'noop')], false, 'create'],
    ['a parent that neither covers nor is covered: Mastodon would refuse the block', decision('a.example.com', 'limit', { rejectReports: true }), [block('example.com', 'silence', { rejectMedia: true })], false, 'conflict', { parent: { domain: 'example.com' } }],
    ['the same on a server that checks no parents (GoToSocial)', decision('a.example.com', 'limit', { rejectReports: true }), [block('example.com', 'silence', { rejectMedia: true })], true, 'create'],
    ['a noop parent that rejects media refuses a limit that does not', decision('a.example.com', 'limit'), [block('example.com', 'noop', { rejectMedia: true })], false, 'conflict'],
    ['a suspend nests under any parent that does not cover it', decision('a.example.com', 'suspend'), [block('example.com', 'silence', { rejectMedia: true })], false, 'create'],
    ['longest suffix wins', decision('x.a.example.com', 'suspend'), [block('example.com', 'silence'), block('a.example.com')], false, 'covered', { parent: { domain: 'a.example.com' } }],
    // Mastodon's rule_for: the nearest rule decides, a noop included, so a.b.example.com is federated here.
    ['a noop nearer than a suspend leaves the domain unblocked', decision('a.b.example.com', 'suspend'), [block('example.com'), block('b.example.com', 'noop')], false, 'create'],
    ['a suspend nearer than a noop covers', decision('a.b.example.com', 'limit'), [block('example.com', 'noop'), block('b.example.com')], false, 'covered', { parent: { domain: 'b.example.com' } }],
    ['a look-alike is no parent', decision('notexample.com', 'suspend'), [block('example.com')], false, 'create'],
    ['lift removes the own block', decision('threads.net', 'lift'), [block('threads.net')], false, 'delete'],
    ['lift of a domain only covered by a parent', decision('a.example.com', 'lift'), [block('example.com')], false, 'lift_covered'],
    ['lift under a noop nearer than a suspend: nothing blocks it', decision('a.b.example.com', 'lift'), [block('example.com'), block('b.example.com', 'noop')], false, 'nothing_to_lift'],
    ['lift with nothing there', decision('threads.net', 'lift'), [], false, 'nothing_to_lift'],
    ['suspend-only server: flags ignored in comparison', decision('x.social', 'suspend', { rejectMedia: true }), [block('x.social')], true, 'in_place'],
    ['suspend-only server: comments still compared', decision('x.social', 'suspend', { publicComment: 'new' }), [block('x.social', 'suspend', { publicComment: 'old' })], true, 'update', { changes: ['publicComment'] }],
  ])('%s', (_name, d, blocks, suspendOnly, kind, extra) => {
    const plan = planApply(d, blocks, suspendOnly);
    expect(plan.kind).toBe(kind);
    if (extra) expect(plan).toMatchObject(extra as object);
  });
});

describe('computeDrift', () => {
  const standing = (d: DecisionToApply): StandingDecision => ({ ...d, imported: false });

  it('is empty when decisions and blocks agree', () => {
    expect(computeDrift([standing(decision('a.social', 'suspend'))], [block('a.social')], false)).toEqual([]);
  });

  it('names blocks missing, differing, left after a lift, and undecided, sorted by domain', () => {
    const items = computeDrift(
      [
        standing(decision('missing.social', 'suspend')),
        standing(decision('differs.social', 'limit')),
        standing(decision('lifted.social', 'lift')),
      ],
      [block('differs.social'), block('lifted.social'), block('extra.social', 'silence'), block('quiet.social', 'noop')],
      false,
    );
    expect(items.map((i) => i.kind)).toEqual(['differs', 'undecided', 'still_blocked', 'missing']);
  });

  it('does not call a domain covered by a stricter parent missing', () => {
    const items = computeDrift([standing(decision('a.example.com', 'limit')), standing(decision('example.com', 'suspend'))], [block('example.com')], false);
    expect(items).toEqual([]);
  });
});

describe('indexBlocks', () => {
  // The index must answer what a scan of every other block answers: Mastodon's rule_for, longest suffix wins, noop
  // blocks included (the caller decides what a noop rule means).
  const blocks = [
    block('example.com', 'silence'), block('a.example.com'), block('b.a.example.com', 'noop'), block('social'),
    block('threads.net'), block('notthreads.net', 'silence'), block('x.y.z.example.org'),
  ];
  const named = (domain: string) => blocks.find((b) => b.domain === domain);
  // Written out, so the expectation does not rest on the scan alone.
  const NEAREST: Record<string, DomainBlock | undefined> = {
    'example.com': undefined, 'a.example.com': named('example.com'), 'b.a.example.com': named('a.example.com'),
    'c.b.a.example.com': named('b.a.example.com'), 'q.example.com': named('example.com'), 'mastodon.social': named('social'),
    'threads.net': undefined, 'www.threads.net': named('threads.net'), 'notthreads.net': undefined,
    'z.example.org': undefined, 'w.x.y.z.example.org': named('x.y.z.example.org'), 'unrelated.example': undefined,
  };
  const scan = (domain: string) => findCoveringBlock(domain, blocks.filter((b) => b.domain !== domain));
  it.each([
    'example.com', 'a.example.com', 'b.a.example.com', 'c.b.a.example.com', 'q.example.com', 'mastodon.social',
    'threads.net', 'www.threads.net', 'notthreads.net', 'z.example.org', 'w.x.y.z.example.org', 'unrelated.example',
  ])('finds the same parent for %s as a scan of every block', (domain) => {
    const index = indexBlocks(blocks);
    expect(index.parent(domain)).toBe(scan(domain));
    expect(index.parent(domain)).toBe(NEAREST[domain]);
    expect(index.own(domain)).toBe(blocks.find((b) => b.domain === domain));
  });
});
