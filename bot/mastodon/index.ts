// The instance gateway on the admin API (Mastodon 4.x, GoToSocial). See gateway.ts for the contract, http.ts for the
// fault handling and why it is fetch rather than masto.
import { normaliseDomain } from '../../governance/domain.ts';
import type { MastodonConfig } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import { BlockList } from './block-list.ts';
import type { BlockSettings, DomainBlock, Impact } from '../../governance/blocks.ts';
import type { CreateBlockResult, Flavor, InstanceAccount, InstanceGateway, InstanceInfo } from './gateway.ts';
import { InstanceHttp, type HttpOptions } from './http.ts';
import { readInstanceInfo } from './instance-info.ts';
import { readNetwork } from './network.ts';
import { readAllPages } from './pages.ts';
import { accessProbe } from './access-probe.ts';
import { BLOCKS_PAGE, BLOCKS_PATH, blockForm, measuresRequest, NO_MEASURES, toAccount, toAdminAccount, toDomainBlock, toImpact, toServers } from './wire.ts';

export type { InstanceGateway } from './gateway.ts';
export { InstanceError } from './gateway.ts';

/** The transport's clock and patience (http.ts: attempts, rate-limit waits), and how long a block list is kept. */
export type GatewayOptions = Pick<HttpOptions, 'now' | 'sleep' | 'random' | 'maxAttempts' | 'maxRateLimitWaitMs' | 'maxRateLimitWaits'> & {
  /** How long a block list read stays a planning aid for the next applies (default 60 s; see block-list.ts). */
  blockListMaxAgeMs?: number;
};

const DAY_MS = 86_400_000;

/** The date range of admin measures and dimensions: the last 30 days, today included (Mastodon reads days only). */
function lastThirtyDays(now: number): { start_at: string; end_at: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { start_at: day(now - 29 * DAY_MS), end_at: day(now) };
}

export function createInstanceGateway(config: MastodonConfig, logger: Logger, options: GatewayOptions = {}): InstanceGateway {
  const http = new InstanceHttp({ baseUrl: config.url, accessToken: config.accessToken, timeoutMs: config.requestTimeout, logger, ...options });
  const now = options.now ?? Date.now;
  let info: Promise<InstanceInfo> | undefined;
  const creating = new Map<string, Promise<unknown>>();
  const kept = new BlockList(now, options.blockListMaxAgeMs);

  /** Read once; a failed read is not kept, so the next call tries again. */
  function instanceInfo(): Promise<InstanceInfo> {
    info ??= readInstanceInfo(http).then(
      (read) => {
        logger.info({ detected: read.flavor, configured: config.flavor, url: config.url }, 'instance flavor');
        return read;
      },
      (error: unknown) => {
        info = undefined;
        throw error;
      },
    );
    return info;
  }

  async function instanceDomain(): Promise<string> {
    try {
      return (await instanceInfo()).domain ?? new URL(config.url).host;
    } catch {
      return new URL(config.url).host;
    }
  }

  const listBlocks = (): Promise<DomainBlock[]> => kept.read(readPages);

  async function readPages(): Promise<DomainBlock[]> {
    return (await readAllPages(http, `${BLOCKS_PAGE}`, 'reading the domain blocks')).map(toDomainBlock);
  }

  /**
   * A block write that keeps the kept list in step when it went plainly (`keep` applies its effect and says whether
   * the answer was as expected); an error, a retried attempt or a surprise drops the list.
   */
  async function tracked<T>(write: () => Promise<T>, keep: (result: T) => boolean): Promise<T> {
    const retries = http.retries;
    let result: T;
    try {
      result = await write();
    } catch (error) {
      kept.forget();
      throw error;
    }
    // A retried write (a 5xx, a 409, a lost answer) may have landed otherwise than its answer says.
    if (http.retries !== retries || !keep(result)) kept.forget();
    return result;
  }

  function asciiDomain(domain: string): string {
    const normalised = normaliseDomain(domain);
    // GoToSocial answers 500 for a domain it cannot store: refuse here, in words, instead of retrying.
    if (!normalised.ok) throw http.error('permanent', `"${domain}" cannot be blocked: ${normalised.reason}`);
    return normalised.domain;
  }

  async function createOnce(ascii: string, settings: BlockSettings): Promise<CreateBlockResult> {
    // GoToSocial answers a duplicate with 200 and the existing block, exactly like a creation (its timestamps have
    // whole seconds only, so age cannot tell them apart): the list read just before is what tells.
    const before = (await gateway.flavor()) === 'gotosocial' ? await listBlocks() : undefined;
    const already = before && oldestOf(before, ascii);
    if (already) return { kind: 'exists', existing: already };
    const reply = await http.request({ method: 'POST', path: BLOCKS_PATH, form: blockForm(settings, ascii) });
    if (reply.status === 422) {
      const existing = (reply.body as { existing_domain_block?: unknown } | undefined)?.existing_domain_block;
      if (existing) return { kind: 'exists', existing: toDomainBlock(existing) };
    }
    if (reply.status !== 200) throw http.refused(reply, `blocking ${ascii}`);
    const block = toDomainBlock(reply.body);
    if (before?.some((b) => b.id === block.id)) return { kind: 'exists', existing: block };
    return before ? oneBlockOf(ascii, block) : { kind: 'created', block };
  }

  /**
   * GoToSocial looks for a block of the domain and then inserts one, with no unique key on the domain: two creations
   * at the same moment (another process, an admin's click, a blocklist tool) can both insert. The copies act as one
   * (GoToSocial removes a block by its domain, so removing any removes all), so nothing is deleted here; every
   * creator names the oldest (lowest ULID) so that they agree on one id whenever they see the same list.
   */
  async function oneBlockOf(ascii: string, answered: DomainBlock): Promise<CreateBlockResult> {
    const oldest = oldestOf(await listBlocks(), ascii);
    return !oldest || oldest.id === answered.id ? { kind: 'created', block: answered } : { kind: 'exists', existing: oldest };
  }

  function oldestOf(blocks: DomainBlock[], ascii: string): DomainBlock | undefined {
    return blocks.filter((b) => b.domain === ascii).sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  }

  async function deleteOnce(id: string): Promise<'deleted' | 'not_found'> {
    const path = `${BLOCKS_PATH}/${encodeURIComponent(id)}`;
    const gotosocial = (await gateway.flavor()) === 'gotosocial';
    let reply = await http.request({ method: 'DELETE', path, passThrough: gotosocial ? [500] : [] });
    if (reply.status === 500) {
      // GoToSocial has answered 500 for an id it does not know (its GET still does): the list says if it is gone.
      if (!(await listBlocks()).some((b) => b.id === id)) return 'not_found';
      reply = await http.request({ method: 'DELETE', path });
    }
    // A 404 that is not the API's JSON is a wrong route, not a missing block.
    if (reply.status === 404 && reply.json) return 'not_found';
    if (reply.status !== 200) throw http.refused(reply, `removing block ${id}`);
    return 'deleted';
  }

  const gateway: InstanceGateway = {
    async flavor(): Promise<Flavor> {
      if (config.flavor !== 'auto') return config.flavor;
      return (await instanceInfo()).flavor;
    },

    async suspendOnly() {
      return (await gateway.flavor()) === 'gotosocial';
    },

    listBlocks,

    async recentBlocks() {
      const blocks = kept.recent();
      return blocks ? { blocks, fresh: false } : { blocks: await listBlocks(), fresh: true };
    },

    async createBlock(domain, settings): Promise<CreateBlockResult> {
      const ascii = asciiDomain(domain);
      // One creation per domain at a time, so a second caller sees the first one's block as existing.
      const previous = creating.get(ascii) ?? Promise.resolve();
      const run = previous.then(() =>
        tracked(
          () => createOnce(ascii, settings),
          (result) => result.kind === 'created' && result.block.domain === ascii && kept.created(result.block),
        ),
      );
      const settled = run.catch(() => undefined);
      creating.set(ascii, settled);
      void settled.then(() => {
        if (creating.get(ascii) === settled) creating.delete(ascii);
      });
      return run;
    },

    updateBlock(id, settings: BlockSettings) {
      return tracked(
        async () => {
          const reply = await http.request({ method: 'PUT', path: `${BLOCKS_PATH}/${encodeURIComponent(id)}`, form: blockForm(settings) });
          if (reply.status !== 200) throw http.refused(reply, `changing block ${id}`);
          return toDomainBlock(reply.body);
        },
        (block) => block.id === id && kept.updated(block),
      );
    },

    deleteBlock(id) {
      return tracked(
        () => deleteOnce(id),
        (result) => result === 'deleted' && kept.deleted(id),
      );
    },

    async impact(domain): Promise<Impact | undefined> {
      const end = new Date(now());
      // Mastodon matches the domain as given, and stores remote domains in ASCII.
      const normalised = normaliseDomain(domain);
      const { json } = measuresRequest(normalised.ok ? normalised.domain : domain, new Date(end.getTime() - 29 * DAY_MS), end);
      const reply = await http.request({ method: 'POST', path: '/api/v1/admin/measures', json, passThrough: NO_MEASURES });
      if (NO_MEASURES.includes(reply.status)) return undefined;
      if (reply.status !== 200) throw http.refused(reply, `reading the impact figures of ${domain}`);
      const impact = toImpact(reply.body);
      // A server that knows measures but not these keys answers without them: no figures either.
      return Object.keys(impact).length > 0 ? impact : undefined;
    },

    async activeServers(limit): Promise<string[] | undefined> {
      const json = { keys: ['servers'], ...lastThirtyDays(now()), limit: String(limit + 1) };
      const reply = await http.request({ method: 'POST', path: '/api/v1/admin/dimensions', json, passThrough: NO_MEASURES });
      if (NO_MEASURES.includes(reply.status)) return undefined;
      if (reply.status !== 200) throw http.refused(reply, 'reading the most active servers');
      // Mastodon counts the instance's own statuses under its own domain: one more asked for, and that one left out.
      const own = await instanceDomain();
      return toServers(reply.body).filter((domain) => domain !== own).slice(0, limit);
    },

    async lookupAccount(acct): Promise<InstanceAccount | undefined> {
      const reply = await http.request({ method: 'GET', path: '/api/v1/accounts/lookup', query: { acct: acct.replace(/^@/, '') } });
      if (reply.status === 404) return undefined;
      if (reply.status !== 200) throw http.refused(reply, `looking up ${acct}`);
      return toAccount(reply.body, await instanceDomain());
    },

    async adminAccount(id): Promise<InstanceAccount | undefined> {
      const reply = await http.request({ method: 'GET', path: `/api/v1/admin/accounts/${encodeURIComponent(id)}` });
      if (reply.status !== 200) {
        if (reply.status !== 404) logger.info({ status: reply.status }, 'admin account not readable');
        return undefined;
      }
      return toAdminAccount(reply.body, await instanceDomain());
    },

    network: (accountId) => readNetwork(http, accountId, instanceDomain),

    async ownDomain() {
      try {
        return (await instanceInfo()).domain?.toLowerCase();
      } catch (error) {
        logger.warn({ err: error }, 'could not read the instance domain');
        return undefined;
      }
    },

    probe: accessProbe(http, now),

    async postStatus(text, { visibility, idempotencyKey }) {
      // GoToSocial ignores Idempotency-Key: there a status whose answer was lost is not posted again.
      const retryLostAnswer = (await gateway.flavor()) !== 'gotosocial';
      const reply = await http.request({ method: 'POST', path: '/api/v1/statuses', form: { status: text, visibility }, idempotencyKey, retryLostAnswer });
      if (reply.status !== 200) throw http.refused(reply, 'posting a status');
      return String((reply.body as { id?: unknown }).id);
    },
  };
  return gateway;
}
