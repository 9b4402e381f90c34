import type { IncomingHttpHeaders } from 'node:http';
import { type Permission, type TokenRecord, checkPermission, checkScopes } from './auth.ts';
import type { InstanceInfo } from './entities.ts';
import type { Params, Reply } from './http.ts';
import type { FakeClock } from './rate-limit.ts';
import type { AccountRecord, FakeState } from './state.ts';

export interface Ctx {
  method: string;
  path: string;
  params: Params;
  headers: IncomingHttpHeaders;
  /** The known token the request carried (revoked ones included), if any. */
  token: TokenRecord | undefined;
  state: FakeState;
  info: InstanceInfo;
  clock: FakeClock;
  /** `http://host:port` as the client addressed it, for Link headers. */
  baseUrl: string;
}

export type Handler = (ctx: Ctx, match: RegExpExecArray) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** The user behind the token, once its scopes were accepted. */
export function currentAccount(ctx: Ctx): AccountRecord | undefined {
  if (ctx.token === undefined || ctx.token.revoked) return undefined;
  return ctx.state.accounts.get(ctx.token.accountId);
}

/** `doorkeeper_authorize!` when `required`, else `authorize_if_got_token!`. */
export function authorizeScopes(ctx: Ctx, scopes: readonly string[], required: boolean): void {
  checkScopes(ctx.token, scopes, required);
}

export function authorizePermission(ctx: Ctx, permission: Permission): void {
  const account = currentAccount(ctx);
  checkPermission(account === undefined ? undefined : ctx.state.permissionsOf(account), permission);
}

export function ok(body: unknown, headers?: Record<string, string>): Reply {
  return headers === undefined ? { status: 200, body } : { status: 200, body, headers };
}
