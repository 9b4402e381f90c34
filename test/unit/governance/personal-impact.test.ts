import { describe, expect, it } from 'vitest';
import { addressDomain, FOLLOWING_CSV_HEADER, followingCsv, isOnDomain, personalImpact } from '../../../governance/personal-impact.ts';

describe('which accounts a cut of a domain reaches', () => {
  it.each([
    ['ana@threads.net', 'threads.net', true],
    ['@ana@Threads.NET', 'threads.net', true],
    ['ana@eu.threads.net', 'threads.net', true],
    ['ana@notthreads.net', 'threads.net', false],
    ['ana@threads.net.example', 'threads.net', false],
    ['ana@münchen.social', 'xn--mnchen-3ya.social', true],
    ['ana', 'threads.net', false],
    ['ana@', 'threads.net', false],
    ['ana@127.0.0.1:8080', 'threads.net', false],
  ])('%s on %s: %s', (address, domain, expected) => {
    expect(isOnDomain(address, domain)).toBe(expected);
  });

  it('reads the host of an address in the form blocks use', () => {
    expect(addressDomain('Bob@Eu.Threads.NET')).toBe('eu.threads.net');
    expect(addressDomain('bob')).toBeUndefined();
  });
});

describe('personalImpact', () => {
  it('counts following, followers and mutuals on the domain and its subdomains only', () => {
    const following = ['ana@threads.net', 'ben@eu.threads.net', 'cy@mastodon.social', 'dee@threads.net'];
    const followers = ['dee@threads.net', 'eve@threads.net', 'ana@threads.net', 'fay@mastodon.social'];
    expect(personalImpact(following, followers, 'threads.net')).toEqual({
      following: ['ana@threads.net', 'ben@eu.threads.net', 'dee@threads.net'],
      followers: ['dee@threads.net', 'eve@threads.net', 'ana@threads.net'],
      mutuals: ['ana@threads.net', 'dee@threads.net'],
    });
  });

  it('takes one account once, however its address is spelled', () => {
    const result = personalImpact(['ana@threads.net', '@ana@THREADS.net'], ['Ana@threads.net'], 'threads.net');
    expect(result.following).toEqual(['ana@threads.net']);
    expect(result.mutuals).toEqual(['ana@threads.net']);
    expect(result.followers).toEqual(['Ana@threads.net']);
  });

  it('is empty for a domain the member has nobody on', () => {
    expect(personalImpact(['cy@mastodon.social'], [], 'threads.net')).toEqual({ following: [], followers: [], mutuals: [] });
  });
});

describe('followingCsv: Mastodon\'s following-list export', () => {
  it('writes the header and one row per account with a new follow\'s defaults', () => {
    expect(FOLLOWING_CSV_HEADER).toBe('Account address,Show boosts,Notify on new posts,Languages');
    expect(followingCsv(['ana@threads.net', '@ben@eu.threads.net'])).toBe(
      'Account address,Show boosts,Notify on new posts,Languages\nana@threads.net,true,false,\nben@eu.threads.net,true,false,\n',
    );
  });

  it('is the header alone when there is nobody', () => {
    expect(followingCsv([])).toBe(`${FOLLOWING_CSV_HEADER}\n`);
  });

  it('quotes a field as Ruby\'s CSV would', () => {
    expect(followingCsv(['odd,"name"@x.example'])).toBe(`${FOLLOWING_CSV_HEADER}\n"odd,""name""@x.example",true,false,\n`);
  });
});
