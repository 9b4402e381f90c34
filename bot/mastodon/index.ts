// The instance gateway on the admin API (Mastodon 4.x, GoToSocial). See gateway.ts for the contract.
import type { MastodonConfig } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { BlockSettings, CreateBlockResult, DomainBlock, Flavor, Impact, InstanceAccount, InstanceGateway } from './gateway.ts';
import { InstanceError } from './gateway.ts';
import { errorText, InstanceHttp, type HttpReply } from './http.ts';
import { blockForm, MEASURE_KEYS, nextLink, toAccount, toAdminAccount, toDomainBlock, toImpact } from './wire.ts';

export type { InstanceGateway } from './gateway.ts';
export { InstanceError } from './gateway.ts';

export interface GatewayOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  maxAttempts?: number;
}

const BLOCKS = '/api/v1/admin/domain_blocks';
/** A POST answered 200 with a block created this long before the request is GoToSocial's answer for a duplicate. */
const DUPLICATE_AGE_MS = 5_000;

function fail(reply: HttpReply, what: string): never {
  throw new InstanceError('permanent', `${what}: the instance answered ${reply.status} ${errorText(reply.body)}`.trim(), reply.status);
}

export function createInstanceGateway(config: MastodonConfig, logger: Logger, options: GatewayOptions = {}): InstanceGateway {
  const http = new InstanceHttp({
    baseUrl: config.url,
    accessToken: config.accessToken,
    timeoutMs: config.requestTimeout,
    ...options,
  });
  const now = options.now ?? Date.now;
  let flavor: Promise<Flavor> | undefined;
  let host: string | undefined;

  async function detectFlavor(): Promise<Flavor> {
    const reply = await http.request({ method: 'GET', path: '/api/v2/instance' });
    const body = (reply.status === 200 ? reply.body : {}) as { source_url?: string; version?: string; domain?: string };
    host = body.domain;
    if (config.flavor !== 'auto') return config.flavor;
    const hint = `${body.source_url ?? ''} ${body.version ?? ''}`.toLowerCase();
    if (hint.includes('gotosocial')) return 'gotosocial';
    if (reply.status !== 200) {
      const nodeinfo = await http.request({ method: 'GET', path: '/nodeinfo/2.0' });
      const name = (nodeinfo.body as { software?: { name?: string } } | undefined)?.software?.name;
      if (name === 'gotosocial') return 'gotosocial';
    }
    return 'mastodon';
  }

  const gateway: InstanceGateway = {
    flavor() {
      flavor ??= detectFlavor().then(
        (detected) => {
          logger.info({ flavor: detected, url: config.url }, 'instance flavor');
          return detected;
        },
        (error: unknown) => {
          flavor = undefined;
          throw error;
        },
      );
      return flavor;
    },

    async suspendOnly() {
      return (await gateway.flavor()) === 'gotosocial';
    },

    async listBlocks() {
      const blocks: DomainBlock[] = [];
      let path: string | undefined = BLOCKS;
      let query: Record<string, string | number> | undefined = { limit: 200 };
      while (path) {
        const reply = await http.request({ method: 'GET', path, query });
        if (reply.status !== 200 || !Array.isArray(reply.body)) fail(reply, 'reading the domain blocks');
        blocks.push(...(reply.body as unknown[]).map(toDomainBlock));
        path = nextLink(reply.headers.get('link'));
        query = undefined;
        // A full page always links on; an empty page ends it.
        if ((reply.body as unknown[]).length === 0) path = undefined;
      }
      return blocks;
    },

    async createBlock(domain, settings): Promise<CreateBlockResult> {
      const startedAt = now();
      const reply = await http.request({ method: 'POST', path: BLOCKS, form: blockForm(settings, domain) });
      if (reply.status === 422) {
        const existing = (reply.body as { existing_domain_block?: unknown }).existing_domain_block;
        if (existing) return { kind: 'exists', existing: toDomainBlock(existing) };
      }
      if (reply.status !== 200) fail(reply, `blocking ${domain}`);
      const block = toDomainBlock(reply.body);
      const created = Date.parse(block.createdAt ?? '');
      if (Number.isFinite(created) && created < startedAt - DUPLICATE_AGE_MS) return { kind: 'exists', existing: block };
      return { kind: 'created', block };
    },

    async updateBlock(id, settings: BlockSettings) {
      const reply = await http.request({ method: 'PUT', path: `${BLOCKS}/${encodeURIComponent(id)}`, form: blockForm(settings) });
      if (reply.status !== 200) fail(reply, `changing block ${id}`);
      return toDomainBlock(reply.body);
    },

    async deleteBlock(id) {
      try {
        const reply = await http.request({ method: 'DELETE', path: `${BLOCKS}/${encodeURIComponent(id)}` });
        if (reply.status === 404) return 'not_found';
        if (reply.status !== 200) fail(reply, `removing block ${id}`);
        return 'deleted';
      } catch (error) {
        // GoToSocial answers 500 for an id it does not know: the list says whether it is really gone.
        if (error instanceof InstanceError && error.kind === 'transient' && error.status === 500) {
          const blocks = await gateway.listBlocks();
          if (!blocks.some((b) => b.id === id)) return 'not_found';
        }
        throw error;
      }
    },

    async impact(domain): Promise<Impact | undefined> {
      const end = new Date(now());
      const start = new Date(end.getTime() - 29 * 86_400_000);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      const json: Record<string, unknown> = { keys: Object.keys(MEASURE_KEYS), start_at: day(start), end_at: day(end) };
      for (const key of Object.keys(MEASURE_KEYS)) json[key] = { domain, include_subdomains: true };
      const reply = await http.request({ method: 'POST', path: '/api/v1/admin/measures', json });
      if (reply.status === 403 || reply.status === 404 || reply.status === 401) return undefined;
      if (reply.status !== 200) fail(reply, `reading the impact figures of ${domain}`);
      return toImpact(reply.body);
    },

    async lookupAccount(acct): Promise<InstanceAccount | undefined> {
      await gateway.flavor();
      const reply = await http.request({ method: 'GET', path: '/api/v1/accounts/lookup', query: { acct } });
      if (reply.status === 404) return undefined;
      if (reply.status !== 200) fail(reply, `looking up ${acct}`);
      return toAccount(reply.body, host ?? new URL(config.url).host);
    },

    async adminAccount(id): Promise<InstanceAccount | undefined> {
      await gateway.flavor();
      const reply = await http.request({ method: 'GET', path: `/api/v1/admin/accounts/${encodeURIComponent(id)}` });
      if (reply.status !== 200) return undefined;
      return toAdminAccount(reply.body, host ?? new URL(config.url).host);
    },

    async postStatus(text, { visibility, idempotencyKey }) {
      const reply = await http.request({ method: 'POST', path: '/api/v1/statuses', form: { status: text, visibility }, idempotencyKey });
      if (reply.status !== 200) fail(reply, 'posting a status');
      return String((reply.body as { id?: unknown }).id);
    },
  };
  return gateway;
}
