import { ApiError } from './http.ts';

/** UserRole permission flags (docs.joinmastodon.org/entities/Role/#permission-flags). */
export const PERMISSION_FLAGS = {
  administrator: 0x1,
  devops: 0x2,
  view_audit_log: 0x4,
  view_dashboard: 0x8,
  manage_reports: 0x10,
  manage_federation: 0x20,
  manage_settings: 0x40,
  manage_blocks: 0x80,
  manage_taxonomies: 0x100,
  manage_appeals: 0x200,
  manage_users: 0x400,
  manage_invites: 0x800,
  manage_rules: 0x1000,
  manage_announcements: 0x2000,
  manage_custom_emojis: 0x4000,
  manage_webhooks: 0x8000,
  invite_users: 0x10000,
  manage_roles: 0x20000,
  manage_user_access: 0x40000,
  delete_user_data: 0x80000,
} as const;

export type Permission = keyof typeof PERMISSION_FLAGS;
export type RoleName = 'owner' | 'admin' | 'moderator' | 'user';

export interface RoleInfo {
  id: string;
  name: string;
  color: string;
  highlighted: boolean;
  permissions: number;
}

const ALL = 0xfffff;
const EVERYONE = PERMISSION_FLAGS.invite_users;

/** Mastodon's default roles (db/seeds); every user also holds the "everyone" role's permissions. */
export const ROLES: Record<RoleName, RoleInfo> = {
  owner: { id: '3', name: 'Owner', color: '', highlighted: true, permissions: ALL },
  admin: {
    id: '2',
    name: 'Admin',
    color: '',
    highlighted: true,
    permissions: ALL & ~(PERMISSION_FLAGS.administrator | PERMISSION_FLAGS.devops),
  },
  moderator: {
    id: '1',
    name: 'Moderator',
    color: '',
    highlighted: true,
    permissions:
      EVERYONE |
      PERMISSION_FLAGS.view_dashboard |
      PERMISSION_FLAGS.view_audit_log |
      PERMISSION_FLAGS.manage_users |
      PERMISSION_FLAGS.manage_reports |
      PERMISSION_FLAGS.manage_taxonomies,
  },
  user: { id: '-99', name: '', color: '', highlighted: false, permissions: EVERYONE },
};

export function permissionBits(permissions: readonly Permission[]): number {
  return permissions.reduce<number>((bits, p) => bits | PERMISSION_FLAGS[p], EVERYONE);
}

export function can(bits: number, permission: Permission): boolean {
  return (bits & PERMISSION_FLAGS.administrator) !== 0 || (bits & PERMISSION_FLAGS[permission]) !== 0;
}

export interface TokenSpec {
  /** The bearer value; default `fake-<name>-token`. */
  token?: string;
  scopes: readonly string[];
  /** Role of the token's user; default `user`. */
  role?: RoleName;
  /** Replaces the role's permissions (plus "everyone"'s). */
  permissions?: readonly Permission[];
  /** The user's local username; tokens naming the same username share one account. Default: the token's name. */
  username?: string;
  /** A revoked token is known but answers 401 "The access token was revoked". */
  revoked?: boolean;
}

export interface TokenRecord {
  name: string;
  token: string;
  id: string;
  scopes: ReadonlySet<string>;
  accountId: string;
  revoked: boolean;
}

export const DEFAULT_TOKENS: Record<string, TokenSpec> = {
  admin: { scopes: ['read', 'write', 'admin:read', 'admin:write'], role: 'admin', username: 'admin' },
  owner: { scopes: ['read', 'write', 'admin:read', 'admin:write'], role: 'owner', username: 'owner' },
  moderator: { scopes: ['read', 'write', 'admin:read', 'admin:write'], role: 'moderator', username: 'moderator' },
  /** Narrow scopes, admin user: what the bot's setup guide asks for. */
  blocks: {
    scopes: ['admin:read:domain_blocks', 'admin:write:domain_blocks', 'admin:read', 'write:statuses', 'read:accounts'],
    role: 'admin',
    username: 'admin',
  },
  /** An admin user whose token has no admin scopes. */
  noAdminScopes: { scopes: ['read', 'write'], role: 'admin', username: 'admin' },
  user: { scopes: ['read', 'write'], role: 'user', username: 'alice' },
  revoked: { scopes: ['read', 'write', 'admin:read', 'admin:write'], role: 'admin', username: 'admin', revoked: true },
};

export const UNAUTHORIZED_TOKEN = 'The access token is invalid';
export const REVOKED_TOKEN = 'The access token was revoked';
export const OUTSIDE_SCOPES = 'This action is outside the authorized scopes';
export const NOT_ALLOWED = 'This action is not allowed';

/** `Bearer` header, else the `access_token` parameter (Doorkeeper's access_token_methods). */
export function bearerFrom(authorization: string | undefined, params: Record<string, unknown>): string | undefined {
  const m = /^Bearer\s+(\S+)/i.exec(authorization ?? '');
  if (m) return m[1];
  const p = params['access_token'];
  return typeof p === 'string' && p !== '' ? p : undefined;
}

/**
 * Doorkeeper: `doorkeeper_authorize!` (required) answers 401 without a known token; `authorize_if_got_token!`
 * (optional) lets an unknown or missing token through as anonymous and only checks a known one.
 */
export function checkScopes(token: TokenRecord | undefined, scopes: readonly string[], required: boolean): void {
  if (token === undefined) {
    if (required) throw new ApiError(401, UNAUTHORIZED_TOKEN);
    return;
  }
  if (token.revoked) throw new ApiError(401, REVOKED_TOKEN);
  if (!scopes.some((s) => token.scopes.has(s))) throw new ApiError(403, OUTSIDE_SCOPES);
}

/** Pundit: anonymous users have no role, so they get the same 403 as a user missing the permission. */
export function checkPermission(bits: number | undefined, permission: Permission): void {
  if (bits === undefined || !can(bits, permission)) throw new ApiError(403, NOT_ALLOWED);
}
