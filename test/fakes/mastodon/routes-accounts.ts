// Instance metadata, the token's own account, account lookup and the admin view of an account, and posting
// statuses (with Idempotency-Key) — what the bot needs for flavour detection, `check`, and account linking.
import { type Ctx, type Route, authorizePermission, authorizeScopes, currentAccount, ok } from './context.ts';
import {
  accountEntity,
  adminAccountEntity,
  credentialAccountEntity,
  instanceV1,
  instanceV2,
  statusEntity,
} from './entities.ts';
import { ApiError, castBool, escapeHtml, paramString } from './http.ts';
import type { AccountRecord, StatusRecord } from './state.ts';

const IDEMPOTENCY_TTL_MS = 3_600_000;
const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
const MAX_CHARS = 500;

/** Api::BaseController#require_user!, after a token was accepted. */
function requireUser(ctx: Ctx): AccountRecord {
  const account = currentAccount(ctx);
  if (account === undefined) throw new ApiError(422, 'This method requires an authenticated user');
  if (account.disabled) throw new ApiError(403, 'Your login is currently disabled');
  if (!account.confirmed) throw new ApiError(403, 'Your login is missing a confirmed e-mail address');
  if (!account.approved) throw new ApiError(403, 'Your login is currently pending approval');
  return account;
}

function verifyCredentials(ctx: Ctx) {
  authorizeScopes(ctx, ['read', 'read:accounts', 'profile'], true);
  return ok(credentialAccountEntity(ctx.state, requireUser(ctx)));
}

function lookup(ctx: Ctx) {
  authorizeScopes(ctx, ['read', 'read:accounts'], false);
  const acct = paramString(ctx.params, 'acct') ?? '';
  const account = acct === '' ? undefined : ctx.state.accountByAcct(acct);
  if (account === undefined) throw new ApiError(404, 'Record not found');
  return ok(accountEntity(ctx.state, account));
}

function adminAccount(ctx: Ctx, m: RegExpExecArray) {
  authorizeScopes(ctx, ['admin:read', 'admin:read:accounts'], false);
  const account = ctx.state.accounts.get(m[1]!);
  if (account === undefined) throw new ApiError(404, 'Record not found');
  authorizePermission(ctx, 'manage_users');
  return ok(adminAccountEntity(ctx.state, account));
}

function mentionsIn(text: string): string[] {
  const found = text.matchAll(/(?<=^|[^\w/@])@([a-z0-9_]+)(?:@([a-z0-9.-]+[a-z0-9]))?/gi);
  return [...new Set(Array.from(found, (m) => (m[2] === undefined ? m[1]! : `${m[1]}@${m[2]}`)))];
}

function renderContent(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => escapeHtml(p).replace(/\n/g, '<br />'));
  return paragraphs.map((p) => `<p>${p}</p>`).join('');
}

function postStatus(ctx: Ctx) {
  authorizeScopes(ctx, ['write', 'write:statuses'], true);
  const account = requireUser(ctx);
  const rawKey = ctx.headers['idempotency-key'];
  const key = typeof rawKey === 'string' && rawKey !== '' ? rawKey : null;
  const now = ctx.clock.now();
  if (key !== null) {
    const seen = ctx.state.idempotency.get(`${account.id}:${key}`);
    const earlier = seen && now - seen.at < IDEMPOTENCY_TTL_MS ? ctx.state.statuses.find((s) => s.id === seen.statusId) : undefined;
    if (earlier !== undefined) return ok(statusEntity(ctx.state, earlier));
  }
  const text = paramString(ctx.params, 'status') ?? '';
  const visibility = paramString(ctx.params, 'visibility') ?? 'public';
  const errors: string[] = [];
  if (text.trim() === '') errors.push("Text can't be blank");
  else if ([...text].length > MAX_CHARS) errors.push(`Text character limit of ${MAX_CHARS} exceeded`);
  if (!(VISIBILITIES as readonly string[]).includes(visibility)) errors.push('Visibility is not included in the list');
  if (errors.length > 0) throw new ApiError(422, `Validation failed: ${errors.join(', ')}`);
  const status: StatusRecord = {
    id: ctx.state.nextStatusId(),
    created_at: new Date(now).toISOString(),
    account_id: account.id,
    text,
    content: renderContent(text),
    visibility: visibility as StatusRecord['visibility'],
    spoiler_text: paramString(ctx.params, 'spoiler_text') ?? '',
    sensitive: castBool(ctx.params['sensitive']) ?? false,
    language: paramString(ctx.params, 'language') ?? null,
    in_reply_to_id: paramString(ctx.params, 'in_reply_to_id') ?? null,
    mentions: mentionsIn(text),
    idempotency_key: key,
    token: ctx.token!.name,
  };
  ctx.state.statuses.push(status);
  account.statuses_count += 1;
  if (key !== null) ctx.state.idempotency.set(`${account.id}:${key}`, { statusId: status.id, at: now });
  return ok(statusEntity(ctx.state, status));
}

export const accountRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v1\/instance$/, handler: (ctx) => ok(instanceV1(ctx.state, ctx.info)) },
  { method: 'GET', pattern: /^\/api\/v2\/instance$/, handler: (ctx) => ok(instanceV2(ctx.state, ctx.info)) },
  { method: 'GET', pattern: /^\/api\/v1\/accounts\/verify_credentials$/, handler: verifyCredentials },
  { method: 'GET', pattern: /^\/api\/v1\/accounts\/lookup$/, handler: lookup },
  { method: 'GET', pattern: /^\/api\/v1\/admin\/accounts\/([^/]+)$/, handler: adminAccount },
  { method: 'POST', pattern: /^\/api\/v1\/statuses$/, handler: postStatus },
];
