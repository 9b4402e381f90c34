import { describe, expect, it } from 'vitest';
import {
  coversDomain,
  domainDigest,
  findCoveringBlock,
  isSubdomainOf,
  normaliseDomain,
  obfuscateDomain,
} from '../../../governance/domain.ts';

describe('normaliseDomain accepts and normalises', () => {
  it.each([
    ['Threads.NET.', 'threads.net'],
    ['  threads.net  ', 'threads.net'],
    ['https://threads.net/@zuck', 'threads.net'],
    ['http://Example.COM:8080/path?q=1#x', 'example.com'],
    ['https://user:secret@example.com/', 'example.com'],
    ['threads.net/@zuck', 'threads.net'],
    ['example.com:443', 'example.com'],
    ['@someone@Mastodon.Social', 'mastodon.social'],
    ['someone@mastodon.social', 'mastodon.social'],
    ['münchen.social', 'xn--mnchen-3ya.social'],
    ['MÜNCHEN.social', 'xn--mnchen-3ya.social'],
    ['https://münchen.social/@a', 'xn--mnchen-3ya.social'],
    ['xn--mnchen-3ya.social', 'xn--mnchen-3ya.social'],
    ['ex\u3002com', 'ex.com'],
    ['münchen.social\u3002', 'xn--mnchen-3ya.social'],
    ['a.b.example.co.uk', 'a.b.example.co.uk'],
    ['1password.com', '1password.com'],
    ['my-instance.social', 'my-instance.social'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
    [`${'abcdefghi.'.repeat(25)}com`, `${'abcdefghi.'.repeat(25)}com`],
  ])('%j → %s', (input, expected) => {
    expect(normaliseDomain(input)).toEqual({ ok: true, domain: expected });
    // Normalising is idempotent: what is stored normalises to itself.
    expect(normaliseDomain(expected)).toEqual({ ok: true, domain: expected });
  });
});

describe('normaliseDomain refuses with a reason saying what was wrong and how to write it', () => {
  it.each([
    ['*.example.com', /already covers all its subdomains; write example\.com$/],
    ['*.*.Example.com', /a block on example\.com already covers/],
    ['ex*ample.com', /wildcards \(\*\) are not supported/],
    ['foo bar', /contains a space/],
    ['-bad-.example', /"-bad-" starts or ends with a hyphen/],
    ['bad-.example', /"bad-" starts or ends with a hyphen/],
    [`${'a'.repeat(64)}.com`, /longer than 63 characters/],
    [`${'abcdefghi.'.repeat(26)}com`, /longer than 253 characters/],
    ['com', /only one part/],
    ['com.', /only one part/],
    ['', /no domain given/],
    ['   ', /no domain given/],
    ['192.168.0.1', /IP address/],
    ['https://10.0.0.1:8080/', /IP address/],
    ['[::1]', /IP address/],
    ['2001:db8::1', /IP address/],
    ['ab.123', /ends in a number/],
    ['a_b.com', /contains "_"/],
    ['a%2eb.com', /contains "%"/],
    ['a..b', /empty part/],
    ['.example.com', /empty part/],
    ['example.com..', /empty part/],
    ['xn--a.com', /not valid punycode/],
    ['https://', /no host name/],
    ['example.com:abc', /not a port number/],
  ])('%j', (input, why) => {
    const result = normaliseDomain(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(why);
    expect(result.reason).toMatch(/; write /);
  });
});

describe('block coverage (Mastodon: a block covers its subdomains, longest suffix wins)', () => {
  it.each([
    ['a.example.com', 'example.com', true],
    ['a.b.example.com', 'example.com', true],
    ['example.com', 'example.com', false],
    ['notexample.com', 'example.com', false],
    ['example.com', 'a.example.com', false],
    ['com', 'com', false],
  ])('isSubdomainOf(%s, %s) = %s', (domain, parent, expected) => {
    expect(isSubdomainOf(domain, parent)).toBe(expected);
  });

  it.each([
    ['example.com', 'example.com', true],
    ['example.com', 'a.example.com', true],
    ['example.com', 'notexample.com', false],
    ['a.example.com', 'example.com', false],
  ])('coversDomain(block %s, %s) = %s', (block, domain, expected) => {
    expect(coversDomain(block, domain)).toBe(expected);
  });

  const blocks = ['example.com', 'b.example.com', 'threads.net', 'other.org'];
  it.each([
    ['example.com', 'example.com'],
    ['a.example.com', 'example.com'],
    ['x.b.example.com', 'b.example.com'],
    ['b.example.com', 'b.example.com'],
    ['notexample.com', undefined],
    ['com', undefined],
    ['threads.net.evil.org', undefined],
  ])('findCoveringBlock(%s) = %s', (domain, expected) => {
    expect(findCoveringBlock(domain, blocks)).toBe(expected);
    // The order of the block list must not matter.
    expect(findCoveringBlock(domain, [...blocks].reverse())).toBe(expected);
  });

  it('returns the block record itself when given records', () => {
    const records = [
      { id: '1', domain: 'example.com' },
      { id: '2', domain: 'deep.example.com' },
    ];
    expect(findCoveringBlock('x.deep.example.com', records)).toBe(records[1]);
  });
});

describe('obfuscateDomain (Mastodon public_domain: middle half starred except dots)', () => {
  it.each([
    ['threads.net', 'thr****.*et'],
    ['example.com', 'exa****.*om'],
    ['ab.cd', 'ab.*d'],
    ['a.b', 'a.*'],
    ['mastodon.social', 'mast****.***ial'],
  ])('%s → %s', (domain, expected) => {
    expect(obfuscateDomain(domain)).toBe(expected);
    expect(obfuscateDomain(domain)).toHaveLength(domain.length);
  });
});

describe('domainDigest is the SHA-256 hex Mastodon publishes', () => {
  it.each([
    ['example.com', 'a379a6f6eeafb9a55e378c118034e2751e682fab9f2d30ab13d2125586ce1947'],
    ['xn--mnchen-3ya.social', '5796c44214deed65e6d70fc4f8366e7ae0b91e177650d42fdff9ce9e198d99b3'],
  ])('%s', (domain, digest) => {
    expect(domainDigest(domain)).toBe(digest);
  });
});
