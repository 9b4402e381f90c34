// In-process contract fake of Mastodon 4.x's admin API, for tests. See README.md next to this file.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TOKENS, type TokenSpec, bearerFrom } from './auth.ts';
import type { Ctx, Route } from './context.ts';
import type { InstanceInfo } from './entities.ts';
import { type ActiveFault, Faults, PROXY_502_HTML } from './faults.ts';
import { ApiError, type Params, type Reply, parseParams, parseRailsQuery, readBody } from './http.ts';
import { type FakeClock, type RateLimitOptions, RateLimiter, createClock } from './rate-limit.ts';
import { accountRoutes } from './routes-accounts.ts';
import { domainBlockRoutes } from './routes-domain-blocks.ts';
import { measureRoutes } from './routes-measures.ts';
import { dimensionRoutes } from './routes-dimensions.ts';
import { followRoutes } from './routes-follows.ts';
import { FakeState } from './state.ts';

export type { Permission, RoleName, TokenRecord, TokenSpec } from './auth.ts';
export { DEFAULT_TOKENS, PERMISSION_FLAGS, ROLES } from './auth.ts';
export type { DomainBlockRecord, Severity } from './domain.ts';
export { domainDigest, normalizeDomain, obfuscatedDomain } from './domain.ts';
export type { FaultKind, FaultMatch, FaultPhase, FaultSpec } from './faults.ts';
export { Faults } from './faults.ts';
export type { FakeClock, RateLimitOptions, ThrottleSpec } from './rate-limit.ts';
export { RateLimiter } from './rate-limit.ts';
export type { InstanceInfo } from './entities.ts';
export type { AccountRecord, BlockSeed, DomainFigures, FigureName, StatusRecord } from './state.ts';
export { FakeState } from './state.ts';

export interface MastodonFakeOptions {
  /** The instance's domain (`uri` in /api/v1/instance, local accounts' host). Default `fake.social`. */
  domain?: string;
  /** Default `4.3.2`. */
  version?: string;
  title?: string;
  /** Who may read GET /api/v1/instance/domain_blocks. Default `all`. */
  showDomainBlocks?: InstanceInfo['showDomainBlocks'];
  /** Added to (or replacing, by name) DEFAULT_TOKENS: admin, owner, moderator, blocks, noAdminScopes, user, revoked. */
  tokens?: Record<string, TokenSpec>;
  /** `false` turns throttling and the X-RateLimit-* headers off. Default: Mastodon's limits. */
  rateLimit?: RateLimitOptions | false;
  /** Time source under the fake clock (default Date.now); `fake.clock.advance()` moves it. */
  now?: () => number;
  /** Delay of a `slow` fault unless the fault says otherwise. Default 30 s. */
  slowMs?: number;
  /**
   * The public address Mastodon builds its `Link` headers with (its `LOCAL_DOMAIN`/`WEB_DOMAIN`, e.g.
   * `https://fake.social` behind a proxy). Default: the host the request was sent to.
   */
  publicUrl?: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Params;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  /** Parsed body parameters (without the query). */
  body: Params;
  /** Name of the known token used, if any. */
  token?: string;
  fault?: ActiveFault['kind'];
  idempotencyKey?: string;
}

export interface MastodonFake {
  url: string;
  state: FakeState;
  /** Token name → bearer value. */
  tokens: Record<string, string>;
  faults: Faults;
  requests: RequestLogEntry[];
  clock: FakeClock;
  limiter: RateLimiter;
  info: InstanceInfo;
  addToken(name: string, spec: TokenSpec): string;
  stop(): Promise<void>;
}

const ROUTES: Route[] = [...domainBlockRoutes, ...measureRoutes, ...dimensionRoutes, ...accountRoutes, ...followRoutes];

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate',
};

export async function startMastodonFake(options: MastodonFakeOptions = {}): Promise<MastodonFake> {
  const clock = createClock(options.now);
  const info: InstanceInfo = {
    domain: options.domain ?? 'fake.social',
    version: options.version ?? '4.3.2',
    title: options.title ?? 'Fake Social',
    showDomainBlocks: options.showDomainBlocks ?? 'all',
  };
  const state = new FakeState(info.domain, clock);
  const tokens: Record<string, string> = {};
  const addToken = (name: string, spec: TokenSpec) => (tokens[name] = state.addToken(name, spec).token);
  for (const [name, spec] of Object.entries({ ...DEFAULT_TOKENS, ...options.tokens })) addToken(name, spec);
  const limiter = new RateLimiter(options.rateLimit, clock);
  const faults = new Faults(options.slowMs ?? 30_000);
  const requests: RequestLogEntry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLogEntry = { method, path: url.pathname, query: parseRailsQuery(url.search), status: 0, body: {} };
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') entry.idempotencyKey = key;
    const named = state.tokens.get(bearerFrom(req.headers.authorization, {}) ?? '');
    if (named) entry.token = named.name;
    requests.push(entry);
    const fault = faults.take(method, url.pathname);
    if (fault) entry.fault = fault.kind;
    const raw = await readBody(req);
    if (fault?.phase === 'before') {
      if (fault.kind === 'drop') return void req.socket.destroy();
      if (fault.kind === 'slow') await sleep(fault.delayMs);
      else return send(res, entry, faultReply(fault));
    }
    const reply = await answer(req, url, method, raw, entry);
    if (fault?.phase === 'after') {
      if (fault.kind === 'drop') return void req.socket.destroy();
      await sleep(fault.delayMs);
    }
    send(res, entry, reply);
  }

  function faultReply(fault: ActiveFault): Reply {
    switch (fault.kind) {
      case '500':
        return { status: 500, body: { error: 'Internal Server Error' } };
      case '502':
        return { status: 502, html: PROXY_502_HTML };
      default:
        return { status: 429, body: { error: 'Too many requests' }, headers: limiter.throttledHeaders() };
    }
  }

  async function answer(req: IncomingMessage, url: URL, method: string, raw: Buffer, entry: RequestLogEntry): Promise<Reply> {
    let params: Params;
    try {
      params = await parseParams(url.search, req.headers['content-type'], raw);
      entry.body = await parseParams('', req.headers['content-type'], raw);
    } catch (e) {
      if (e instanceof ApiError) return { status: e.status, body: e.body };
      throw e;
    }
    const bearer = bearerFrom(req.headers.authorization, params);
    const token = bearer === undefined ? undefined : state.tokens.get(bearer);
    if (token) entry.token = token.name;
    const paging = ['max_id', 'min_id', 'since_id', 'page'].some((k) => params[k] !== undefined && params[k] !== '');
    const limit = limiter.check({
      ...(token ? { tokenId: token.id, userId: token.accountId } : {}),
      ip: req.socket.remoteAddress ?? '127.0.0.1',
      paging,
    });
    if (limit.throttled) return { status: 429, body: { error: 'Too many requests' }, headers: limit.headers };
    const ctx: Ctx = {
      method,
      path: url.pathname,
      params,
      headers: req.headers,
      token,
      state,
      info,
      clock,
      baseUrl: options.publicUrl ?? `http://${req.headers.host ?? '127.0.0.1'}`,
    };
    const reply = await route(ctx);
    return { ...reply, headers: { ...limit.headers, ...reply.headers } };
  }

  async function route(ctx: Ctx): Promise<Reply> {
    for (const r of ROUTES) {
      const m = r.method === ctx.method ? r.pattern.exec(ctx.path) : null;
      if (m === null) continue;
      try {
        ctx.params = { ...ctx.params, ...(m[1] !== undefined ? { id: m[1] } : {}) };
        return await r.handler(ctx, m);
      } catch (e) {
        if (e instanceof ApiError) return { status: e.status, body: e.body };
        return { status: 500, body: { error: e instanceof Error ? e.message : String(e) } };
      }
    }
    return { status: 404, body: { error: 'Not Found' } };
  }

  function send(res: ServerResponse, entry: RequestLogEntry, reply: Reply): void {
    entry.status = reply.status;
    if (res.destroyed || res.writableEnded) return;
    const body = reply.html ?? JSON.stringify(reply.body ?? {});
    const type = reply.html !== undefined ? { 'Content-Type': 'text/html; charset=utf-8' } : JSON_HEADERS;
    res.writeHead(reply.status, { ...type, ...reply.headers, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, JSON_HEADERS);
      res.end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    tokens,
    faults,
    requests,
    clock,
    limiter,
    info,
    addToken,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
