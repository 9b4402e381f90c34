// Api::V1::Admin::DomainBlocksController, in its order of checks: scopes (before_action), then the record
// (404 before 403), then the Manage Federation permission, then conflicts and validations.
import { type Ctx, type Route, authorizePermission, authorizeScopes, currentAccount, ok } from './context.ts';
import {
  type DomainBlockRecord,
  type Severity,
  SEVERITIES,
  isValidDomain,
  normalizeDomain,
  obfuscatedDomain,
  ruleFor,
  stricterThan,
} from './domain.ts';
import { ApiError, type Params, castBool, castText, idParam, limitParam, pageLink, paramString } from './http.ts';

const READ = ['admin:read', 'admin:read:domain_blocks'];
const WRITE = ['admin:write', 'admin:write:domain_blocks'];
const LIMIT = 100;
const BASE = '/api/v1/admin/domain_blocks';


function findOr404(ctx: Ctx, id: string): DomainBlockRecord {
  const block = /^\d+$/.test(id) ? ctx.state.blockById(String(Number(id))) : undefined;
  if (block === undefined) throw new ApiError(404, 'Record not found');
  return block;
}


function list(ctx: Ctx) {
  authorizeScopes(ctx, READ, false);
  const limit = limitParam(ctx.params, LIMIT);
  const cursors: { max_id?: number; since_id?: number; min_id?: number } = {};
  for (const key of ['max_id', 'since_id', 'min_id'] as const) {
    const v = idParam(ctx.params, key);
    if (v !== undefined) cursors[key] = v;
  }
  const page = ctx.state.pageBlocks(limit, cursors);
  authorizePermission(ctx, 'manage_federation');
  const links: string[] = [];
  if (page.length > 0 && page.length === limit) links.push(`<${pageLink(ctx, BASE, { max_id: page.at(-1)!.id })}>; rel="next"`);
  if (page.length > 0) links.push(`<${pageLink(ctx, BASE, { min_id: page[0]!.id })}>; rel="prev"`);
  return ok(page, links.length > 0 ? { Link: links.join(', ') } : undefined);
}

function show(ctx: Ctx, m: RegExpExecArray) {
  authorizeScopes(ctx, READ, false);
  const block = findOr404(ctx, m[1]!);
  authorizePermission(ctx, 'manage_federation');
  return ok(block);
}

type Editable = Pick<
  DomainBlockRecord,
  'severity' | 'reject_media' | 'reject_reports' | 'private_comment' | 'public_comment' | 'obfuscate'
>;

/** The permitted attributes present in the request, cast as ActiveRecord would. */
function editableParams(params: Params): Partial<Record<keyof Editable, unknown>> {
  const out: Partial<Record<keyof Editable, unknown>> = {};
  for (const key of ['reject_media', 'reject_reports', 'obfuscate'] as const) {
    if (key in params) out[key] = castBool(params[key]) ?? false;
  }
  for (const key of ['private_comment', 'public_comment'] as const) {
    if (key in params) out[key] = castText(params[key]);
  }
  if ('severity' in params) out.severity = params['severity'] ?? 'silence';
  return out;
}

function checkSeverity(errors: string[], value: unknown): void {
  if (!SEVERITIES.includes(value as Severity)) errors.push('Severity is not included in the list');
}

function create(ctx: Ctx) {
  authorizeScopes(ctx, WRITE, false);
  authorizePermission(ctx, 'manage_federation');
  const rawDomain = paramString(ctx.params, 'domain')?.trim() ?? '';
  const fields = editableParams(ctx.params);
  const candidate = {
    severity: (fields.severity ?? 'silence') as Severity,
    reject_media: (fields.reject_media as boolean | undefined) ?? false,
    reject_reports: (fields.reject_reports as boolean | undefined) ?? false,
  };
  const existing = rawDomain !== '' ? ruleFor(ctx.state.blocks, rawDomain) : undefined;
  const normalized = normalizeDomain(rawDomain);
  if (
    existing !== undefined &&
    (existing.domain === normalized || !(SEVERITIES.includes(candidate.severity) && stricterThan(candidate, existing)))
  ) {
    throw new ApiError(422, 'existing', {
      error: `You have already imposed stricter limits on ${existing.domain}.`,
      existing_domain_block: existing,
    });
  }
  const errors: string[] = [];
  if (rawDomain === '') errors.push("Domain can't be blank");
  else if (normalized === undefined || !isValidDomain(normalized)) errors.push('Domain is invalid');
  checkSeverity(errors, candidate.severity);
  if (errors.length > 0) throw new ApiError(422, `Validation failed: ${errors.join(', ')}`);
  return ok(ctx.state.addBlock({ ...(fields as Partial<Editable>), domain: normalized! }));
}

function update(ctx: Ctx, m: RegExpExecArray) {
  authorizeScopes(ctx, WRITE, false);
  const block = findOr404(ctx, m[1]!);
  authorizePermission(ctx, 'manage_federation');
  // `domain` is not a permitted parameter here: Mastodon ignores it silently.
  const fields = editableParams(ctx.params);
  const errors: string[] = [];
  if (fields.severity !== undefined) checkSeverity(errors, fields.severity);
  if (errors.length > 0) throw new ApiError(422, `Validation failed: ${errors.join(', ')}`);
  Object.assign(block, fields);
  return ok(block);
}

function destroy(ctx: Ctx, m: RegExpExecArray) {
  authorizeScopes(ctx, WRITE, false);
  const block = findOr404(ctx, m[1]!);
  authorizePermission(ctx, 'manage_federation');
  ctx.state.removeBlock(block.id);
  return ok({});
}

/**
 * Public GET /api/v1/instance/domain_blocks: silence and suspend blocks ordered by severity then domain, obfuscated
 * where asked. With the setting at `users` it needs a signed-in user; otherwise (or `disabled`) an empty 404.
 */
function publicList(ctx: Ctx) {
  const setting = ctx.info.showDomainBlocks;
  const visible = setting === 'all' || (setting === 'users' && currentAccount(ctx) !== undefined);
  if (!visible) return { status: 404, html: '' };
  const rank = { silence: 0, suspend: 1, noop: 2 };
  const shown = ctx.state.blocks
    .filter((b) => b.severity !== 'noop')
    .sort((a, b) => rank[a.severity] - rank[b.severity] || a.domain.localeCompare(b.domain));
  return ok(
    shown.map((b) => ({
      domain: b.obfuscate ? obfuscatedDomain(b.domain) : b.domain,
      digest: b.digest,
      severity: b.severity,
      comment: b.public_comment,
    })),
  );
}

export const domainBlockRoutes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v1\/instance\/domain_blocks$/, handler: publicList },
  { method: 'GET', pattern: /^\/api\/v1\/admin\/domain_blocks$/, handler: list },
  { method: 'POST', pattern: /^\/api\/v1\/admin\/domain_blocks$/, handler: create },
  { method: 'GET', pattern: /^\/api\/v1\/admin\/domain_blocks\/([^/]+)$/, handler: show },
  { method: 'PUT', pattern: /^\/api\/v1\/admin\/domain_blocks\/([^/]+)$/, handler: update },
  { method: 'DELETE', pattern: /^\/api\/v1\/admin\/domain_blocks\/([^/]+)$/, handler: destroy },
];
