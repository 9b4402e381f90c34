// Api::V1::Admin::DimensionsController + Admin::Metrics::Dimension, the `servers` key (ServersDimension): statuses
// per server whose id (a snowflake, so its time) falls from start_at's day to end_at's day, most first, `limit`
// rows (default 10, Ruby's to_i). The local server is a row too, under the instance's own domain (accounts.domain
// NULL becomes LOCAL_DOMAIN). Unknown keys are left out. Order: scope check, then View Dashboard (403).
import { type Ctx, type Route, authorizePermission, authorizeScopes, ok } from './context.ts';
import { RAILS_500_HTML } from './faults.ts';

const DAY_MS = 86_400_000;

/** Ruby's String#to_datetime at day precision; undefined for an unparsable date (Rails answers 500). */
function dayStart(value: unknown): number | undefined {
  const ms = Date.parse(String(value ?? ''));
  return Number.isNaN(ms) ? undefined : Math.floor(ms / DAY_MS) * DAY_MS;
}

function serverRows(ctx: Ctx, from: number, to: number, limit: number) {
  const counts = new Map<string, number>();
  for (const [domain, figures] of ctx.state.measures) {
    let n = 0;
    for (const [day, value] of Object.entries(figures.daily?.statuses ?? {})) {
      const t = Date.parse(day);
      if (t >= from && t <= to) n += value;
    }
    if (n > 0) counts.set(domain, n);
  }
  const local = ctx.state.statuses.filter((s) => {
    const t = Date.parse(s.created_at);
    return t >= from && t < to + DAY_MS;
  }).length;
  if (local > 0) counts.set(ctx.state.domain, local);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([domain, value]) => ({ key: domain, human_key: domain, value: String(value) }));
}

function create(ctx: Ctx) {
  authorizeScopes(ctx, ['admin:read'], false);
  authorizePermission(ctx, 'view_dashboard');
  const rawKeys = ctx.params['keys'];
  const keys = (Array.isArray(rawKeys) ? rawKeys : rawKeys === undefined || rawKeys === null ? [] : [rawKeys]).map(String);
  const from = dayStart(ctx.params['start_at']);
  const to = dayStart(ctx.params['end_at']);
  if (keys.includes('servers') && (from === undefined || to === undefined)) return { status: 500, html: RAILS_500_HTML };
  const limit = ctx.params['limit'] === undefined ? 10 : Math.trunc(Number.parseInt(String(ctx.params['limit']), 10) || 0);
  return ok(keys.filter((k) => k === 'servers').map((key) => ({ key, data: serverRows(ctx, from!, to!, limit) })));
}

export const dimensionRoutes: Route[] = [
  { method: 'POST', pattern: /^\/api\/v1\/admin\/dimensions$/, handler: create },
];
