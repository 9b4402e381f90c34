// Whom a local account follows and who follows it, read with the bot's admin token through the public account API
// (GET /api/v1/accounts/:id/following and /followers, every page, paced by the same rate budget as everything else).
//
// A member who hides their network (Mastodon's and GoToSocial's `hide_collections`) is hidden from the admin token
// too: both servers answer 200 with an empty list then (GoToSocial without a Link header), and both report
// `hide_collections: true` on the account, which is what tells "hidden" from "follows nobody".
import type { AccountNetwork } from './gateway.ts';
import type { InstanceHttp } from './http.ts';
import { readAllPages } from './pages.ts';

/** Mastodon's maximum page size for account lists (GoToSocial's too). */
const PAGE_SIZE = 80;

type Json = Record<string, unknown>;

/** `user@host` for every account; local accounts (`acct` without a host) get the instance's domain. */
function addressOf(raw: unknown, localDomain: string): string | undefined {
  const acct = (raw as Json | undefined)?.acct;
  if (typeof acct !== 'string' || acct === '') return undefined;
  return acct.includes('@') ? acct : `${acct}@${localDomain}`;
}

export async function readNetwork(http: InstanceHttp, accountId: string, localDomain: () => Promise<string>): Promise<AccountNetwork> {
  const base = `/api/v1/accounts/${encodeURIComponent(accountId)}`;
  const reply = await http.request({ method: 'GET', path: base });
  if (reply.status !== 200) throw http.refused(reply, 'reading your account');
  const account = (reply.body ?? {}) as Json;
  if (account.hide_collections === true) return { kind: 'hidden' };
  const domain = await localDomain();
  const read = async (which: 'following' | 'followers'): Promise<string[]> =>
    (await readAllPages(http, `${base}/${which}?limit=${PAGE_SIZE}`, `reading whom your account ${which === 'following' ? 'follows' : 'is followed by'}`))
      .map((raw) => addressOf(raw, domain))
      .filter((a): a is string => a !== undefined);
  const following = await read('following');
  const followers = await read('followers');
  // A server that hides the lists without saying so (an older Mastodon) still counts them on the account.
  const says = (key: string): number => (typeof account[key] === 'number' ? (account[key] as number) : 0);
  if (following.length === 0 && followers.length === 0 && (says('following_count') > 0 || says('followers_count') > 0)) return { kind: 'hidden' };
  return { kind: 'read', following, followers };
}
