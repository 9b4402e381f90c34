// Api::V1::Admin::MeasuresController + Admin::Metrics::Measure. Order: scope check, then every requested
// instance_* key must come with its params object (400, ParameterMissing), then View Dashboard (403).
import { type Ctx, type Route, authorizePermission, authorizeScopes, ok } from './context.ts';
import { RAILS_500_HTML } from './faults.ts';
import { ApiError, type Params } from './http.ts';
import type { DomainFigures, FigureName } from './state.ts';

const INSTANCE_KEYS: Record<string, FigureName> = {
  instance_accounts: 'accounts',
  instance_follows: 'follows',
  instance_followers: 'followers',
  instance_statuses: 'statuses',
  instance_media_attachments: 'media_attachments',
  instance_reports: 'reports',
};
const OTHER_KEYS = ['active_users', 'new_users', 'interactions', 'opened_reports', 'resolved_reports'];
const TAG_KEYS = ['tag_accounts', 'tag_uses', 'tag_servers'];

class InvalidDate extends Error {}

/** Ruby's String#to_datetime, day precision (Mastodon ignores the time). */
function parseDay(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms)) throw new InvalidDate(String(value));
  return new Date(ms).toISOString().slice(0, 10);
}

/** Days from start to end inclusive; none when a bound is missing (generate_series over NULL). */
function days(start: string | undefined, end: string | undefined): string[] {
  if (start === undefined || end === undefined) return [];
  const out: string[] = [];
  for (let t = Date.parse(start), stop = Date.parse(end); t <= stop && out.length < 3700; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** ActionController::Parameters#require: the value must be present (a non-empty object here). */
function requireParams(params: Params, key: string): Params {
  const v = params[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length === 0) {
    throw new ApiError(400, `param is missing or the value is empty: ${key}`);
  }
  return v as Params;
}

/** Ruby truthiness of params[:include_subdomains]: any value but nil/false, so the string "false" counts. */
function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false;
}

/** The seeded domains a query covers. Mastodon matches the domain as given: it does not normalise it here. */
function matchingFigures(ctx: Ctx, domain: string, withSubdomains: boolean): DomainFigures[] {
  const out: DomainFigures[] = [];
  for (const [d, figures] of ctx.state.measures) {
    if (d === domain || (withSubdomains && d.endsWith(`.${domain}`))) out.push(figures);
  }
  return out;
}

/** ActionView's number_to_human_size, enough for the byte counts here. */
function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'Byte' : 'Bytes'}`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${units[unit]}`;
}

function measure(ctx: Ctx, key: string, params: Params | undefined, range: string[]): Record<string, unknown> {
  const figure = INSTANCE_KEYS[key];
  if (figure === undefined) {
    return { key, unit: null, total: '0', previous_total: '0', data: range.map((d) => dataPoint(d, 0)) };
  }
  const domain = typeof params?.['domain'] === 'string' ? params['domain'] : '';
  const matched = matchingFigures(ctx, domain, truthy(params?.['include_subdomains']));
  const total = matched.reduce((sum, f) => sum + (f[figure] ?? 0), 0);
  const out: Record<string, unknown> = {
    key,
    unit: key === 'instance_media_attachments' ? 'bytes' : null,
    total: String(total),
  };
  if (key === 'instance_media_attachments') out['human_value'] = humanSize(total);
  out['data'] = range.map((day) => dataPoint(day, matched.reduce((sum, f) => sum + (f.daily?.[figure]?.[day] ?? 0), 0)));
  return out;
}

function dataPoint(day: string, value: number) {
  return { date: `${day}T00:00:00.000+00:00`, value: String(value) };
}

function create(ctx: Ctx) {
  authorizeScopes(ctx, ['admin:read'], false);
  const rawKeys = ctx.params['keys'];
  const keys = (Array.isArray(rawKeys) ? rawKeys : rawKeys === undefined || rawKeys === null ? [] : [rawKeys]).map(String);
  const known = keys.filter((k) => k in INSTANCE_KEYS || OTHER_KEYS.includes(k) || TAG_KEYS.includes(k));
  const keyParams = new Map<string, Params>();
  for (const key of known) {
    if (key in INSTANCE_KEYS || TAG_KEYS.includes(key)) keyParams.set(key, requireParams(ctx.params, key));
  }
  authorizePermission(ctx, 'view_dashboard');
  let range: string[];
  try {
    range = days(parseDay(ctx.params['start_at']), parseDay(ctx.params['end_at']));
  } catch (e) {
    if (e instanceof InvalidDate) return { status: 500, html: RAILS_500_HTML };
    throw e;
  }
  return ok(known.map((key) => measure(ctx, key, keyParams.get(key), range)));
}

export const measureRoutes: Route[] = [
  { method: 'POST', pattern: /^\/api\/v1\/admin\/measures$/, handler: create },
];
