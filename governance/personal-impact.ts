// What a cut of a domain takes from one member: whom they follow there, who follows them from there, and which of
// those are mutuals; and the file Mastodon's import takes to follow them again. Pure: the accounts come in as
// addresses (`user@host`), read by the caller.
import { coversDomain, normaliseDomain } from './domain.ts';

export interface PersonalImpact {
  /** Accounts on the domain (or a subdomain) the member follows, in the order given (newest follow first). */
  following: string[];
  /** Accounts there that follow the member. */
  followers: string[];
  /** Accounts in both lists, in the order of `following`. */
  mutuals: string[];
}

/** The host of an address `user@host` (`@user@host` too) in the form blocks use, or undefined when it has none. */
export function addressDomain(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  const host = normaliseDomain(address.slice(at + 1));
  return host.ok ? host.domain : undefined;
}

/** True when the account lives on `domain` or one of its subdomains (`domain` normalised), as a block would cut it. */
export function isOnDomain(address: string, domain: string): boolean {
  const host = addressDomain(address);
  return host !== undefined && coversDomain(domain, host);
}

/** `user@host` lowercased in its host, without a leading `@`: one spelling per account, for comparing. */
function canonical(address: string): string {
  const bare = address.replace(/^@/, '');
  const at = bare.lastIndexOf('@');
  return `${bare.slice(0, at).toLowerCase()}@${addressDomain(bare)}`;
}

function onDomainOnce(addresses: readonly string[], domain: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const address of addresses) {
    if (!isOnDomain(address, domain)) continue;
    const key = canonical(address);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(address.replace(/^@/, ''));
  }
  return out;
}

export function personalImpact(following: readonly string[], followers: readonly string[], domain: string): PersonalImpact {
  const there = onDomainOnce(following, domain);
  const followedBy = onDomainOnce(followers, domain);
  const followerKeys = new Set(followedBy.map(canonical));
  return { following: there, followers: followedBy, mutuals: there.filter((a) => followerKeys.has(canonical(a))) };
}

/** The header of Mastodon's following-list export, which its import reads back (app/models/export.rb). */
export const FOLLOWING_CSV_HEADER = 'Account address,Show boosts,Notify on new posts,Languages';

/** A field as Ruby's CSV writes it: quoted only when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Mastodon's following-list CSV: one row per account, boosts shown and no notifications (a new follow's defaults),
 * no language filter; lines end in `\n`, as Mastodon's export writes them.
 */
export function followingCsv(addresses: readonly string[]): string {
  const rows = addresses.map((address) => `${csvField(address.replace(/^@/, ''))},true,false,`);
  return [FOLLOWING_CSV_HEADER, ...rows].map((line) => `${line}\n`).join('');
}
