// One account, and whom it follows and who follows it, as Mastodon 4.3 answers them (Api::V1::AccountsController#show,
// Api::V1::Accounts::FollowingAccountsController and FollowerAccountsController): an optional token with `read` or
// `read:accounts`; the list is empty (200 []) when the account is suspended or hides its collections from anyone but
// itself (`hide_collections`, an admin's token included); 40 per page by default, at most 80; newest follow first,
// paged by the follow's id with `max_id`/`since_id`; `next` on a full page, `prev` on a non-empty one.
import { type Ctx, type Route, authorizeScopes, currentAccount, ok } from './context.ts';
import { accountEntity } from './entities.ts';
import { ApiError, idParam, limitParam, pageLink } from './http.ts';
import type { AccountRecord, FollowRecord } from './state.ts';

const READ = ['read', 'read:accounts'];
const DEFAULT_ACCOUNTS_LIMIT = 40;

function accountOr404(ctx: Ctx, id: string): AccountRecord {
  const account = ctx.state.accounts.get(id);
  if (account === undefined) throw new ApiError(404, 'Record not found');
  return account;
}

function show(ctx: Ctx, m: RegExpExecArray) {
  authorizeScopes(ctx, READ, false);
  return ok(accountEntity(ctx.state, accountOr404(ctx, m[1]!)));
}

function relationList(which: 'following' | 'followers') {
  return (ctx: Ctx, m: RegExpExecArray) => {
    authorizeScopes(ctx, READ, false);
    const account = accountOr404(ctx, m[1]!);
    const viewer = currentAccount(ctx);
    if (account.suspended || (account.hide_collections && viewer?.id !== account.id)) return ok([]);
    const limit = limitParam(ctx.params, DEFAULT_ACCOUNTS_LIMIT);
    const maxId = idParam(ctx.params, 'max_id');
    const sinceId = idParam(ctx.params, 'since_id');
    const mine = (f: FollowRecord) => (which === 'following' ? f.account_id : f.target_account_id) === account.id;
    const page = [...ctx.state.follows]
      .filter((f) => mine(f) && (maxId === undefined || Number(f.id) < maxId) && (sinceId === undefined || Number(f.id) > sinceId))
      .sort((a, b) => Number(b.id) - Number(a.id))
      .slice(0, limit);
    const other = (f: FollowRecord) => ctx.state.accounts.get(which === 'following' ? f.target_account_id : f.account_id)!;
    const path = `/api/v1/accounts/${account.id}/${which}`;
    const links: string[] = [];
    if (page.length > 0 && page.length === limit) links.push(`<${pageLink(ctx, path, { max_id: page.at(-1)!.id })}>; rel="next"`);
    if (page.length > 0) links.push(`<${pageLink(ctx, path, { since_id: page[0]!.id })}>; rel="prev"`);
    return ok(page.map((f) => accountEntity(ctx.state, other(f))), links.length > 0 ? { Link: links.join(', ') } : undefined);
  };
}

export const followRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v1\/accounts\/(\d+)$/, handler: show },
  { method: 'GET', pattern: /^\/api\/v1\/accounts\/(\d+)\/following$/, handler: relationList('following') },
  { method: 'GET', pattern: /^\/api\/v1\/accounts\/(\d+)\/followers$/, handler: relationList('followers') },
];
