// `fedimoot check`, the instance part: reachable, token valid, rights to read and change domain blocks, impact
// figures. Each request is tried once and waits for a rate-limit reset only briefly, so the check answers quickly.
import type { Config } from '../../bot/config/types.ts';
import type { Logger } from '../../bot/logger.ts';
import { InstanceError } from '../../bot/mastodon/gateway.ts';
import { errorText, InstanceHttp, type HttpReply } from '../../bot/mastodon/http.ts';
import { readInstanceInfo } from '../../bot/mastodon/instance-info.ts';
import { MEASURE_KEYS, nextLink } from '../../bot/mastodon/wire.ts';
import { MISSING_SCOPE, rateLimitFix, refusalFix } from './check-instance-words.ts';
import type { CheckLine } from './check-line.ts';

export interface CheckInstanceOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Longest wait for a rate-limit reset before reporting it (default 10 s). */
  maxRateLimitWaitMs?: number;
}

const BLOCKS = '/api/v1/admin/domain_blocks';
/** An id no block has (Mastodon's ids count from 1, GoToSocial's are ULIDs): changing it proves the scope, harmlessly. */
const NO_SUCH_BLOCK = '00000000000000000000000000';
/** Answers to admin measures that mean the server has none (GoToSocial: 404). */
const NO_MEASURES = [404, 405, 410, 501];

/** The check stops at the first line that makes the next ones meaningless (unreachable, bad token, rate limit). */
class Stop extends Error {}

export async function checkInstance(config: Config, logger: Logger, options: CheckInstanceOptions = {}): Promise<CheckLine[]> {
  const mastodon = config.mastodon;
  if (!mastodon) return [{ ok: true, what: 'Mastodon: not configured (votes are recorded, nothing is applied)' }];
  const http = new InstanceHttp({
    baseUrl: mastodon.url, accessToken: mastodon.accessToken, timeoutMs: mastodon.requestTimeout, logger,
    maxAttempts: 1, maxRateLimitWaits: 1, maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 10_000,
    ...(options.now ? { now: options.now } : {}), ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const lines: CheckLine[] = [];

  /** One request; a rate limit or a failure to get any answer ends the check with a line saying so. */
  async function ask(what: string, spec: Parameters<InstanceHttp['request']>[0]): Promise<HttpReply> {
    try {
      return await http.request(spec);
    } catch (error) {
      const message = (error as Error).message;
      const fix = error instanceof InstanceError && error.status === 429 ? rateLimitFix(message) : message;
      lines.push({ ok: false, what, fix });
      throw new Stop();
    }
  }

  try {
    let flavor: string;
    try {
      const info = await readInstanceInfo(http);
      flavor = mastodon.flavor === 'auto' ? info.flavor : mastodon.flavor;
    } catch (error) {
      const message = (error as Error).message;
      const rateLimited = error instanceof InstanceError && error.status === 429;
      return [{ ok: false, what: `Mastodon: ${mastodon.url} reachable`, fix: rateLimited ? rateLimitFix(message) : `check mastodon.url (${message})` }];
    }
    lines.push({ ok: true, what: `Mastodon: ${mastodon.url} reachable (${flavor})` });

    const account = await checkToken(ask, lines);
    await checkReadBlocks(ask, lines, account);
    await checkWriteBlocks(ask, lines, account);
    await checkMeasures(ask, lines, account);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  return lines;
}

type Ask = (what: string, spec: Parameters<InstanceHttp['request']>[0]) => Promise<HttpReply>;

/** The token's account (`@admin`), when it may read it. A token the instance does not accept ends the check. */
async function checkToken(ask: Ask, lines: CheckLine[]): Promise<string | undefined> {
  const what = 'Mastodon: token valid';
  const reply = await ask(what, { method: 'GET', path: '/api/v1/accounts/verify_credentials' });
  if (reply.status === 200) {
    const acct = (reply.body as { acct?: unknown }).acct;
    const account = typeof acct === 'string' ? `@${acct}` : undefined;
    lines.push({ ok: true, what: account ? `${what} (account ${account})` : what });
    return account;
  }
  if (reply.status === 401) {
    lines.push({ ok: false, what, fix: 'the token is invalid or revoked; create a new one and put it in mastodon.accessToken' });
    throw new Stop();
  }
  // The token is checked before its scopes: a missing scope means a valid token.
  if (reply.status === 403 && MISSING_SCOPE.test(errorText(reply.body))) {
    lines.push({ ok: true, what: `${what} (it may not read its own account: no read:accounts scope)` });
    return undefined;
  }
  lines.push({ ok: false, what, fix: `the instance answered ${reply.status} ${errorText(reply.body)}`.trim() });
  return undefined;
}

async function checkReadBlocks(ask: Ask, lines: CheckLine[], account: string | undefined): Promise<void> {
  const what = 'Mastodon: token may read domain blocks';
  let count = 0;
  const seen = new Set<string>();
  let path: string | undefined = `${BLOCKS}?limit=200`;
  while (path && !seen.has(path)) {
    seen.add(path);
    const reply = await ask(what, { method: 'GET', path });
    if (reply.status !== 200 || !Array.isArray(reply.body)) {
      lines.push({ ok: false, what, fix: refusalFix(reply, { scope: 'admin:read:domain_blocks (or admin:read)', permission: 'Manage Federation', account }) });
      return;
    }
    count += reply.body.length;
    path = reply.body.length > 0 ? nextLink(reply.headers.get('link')) : undefined;
  }
  lines.push({ ok: true, what: `${what} (${count} on the server)` });
}

async function checkWriteBlocks(ask: Ask, lines: CheckLine[], account: string | undefined): Promise<void> {
  const what = 'Mastodon: token may change domain blocks';
  // Both check the scope first, then (GoToSocial: after refusing an empty form) look the block up: "not found"
  // means the scope is there, and nothing changed.
  const reply = await ask(what, { method: 'PUT', path: `${BLOCKS}/${NO_SUCH_BLOCK}`, form: { obfuscate: false } });
  if (reply.status === 404) {
    lines.push({ ok: true, what: `${what} (admin:write:domain_blocks scope)` });
    return;
  }
  lines.push({ ok: false, what, fix: refusalFix(reply, { scope: 'admin:write:domain_blocks', permission: 'Manage Federation', account }) });
}

async function checkMeasures(ask: Ask, lines: CheckLine[], account: string | undefined): Promise<void> {
  const what = 'Mastodon: impact figures (admin measures)';
  const day = new Date().toISOString().slice(0, 10);
  const keys = Object.keys(MEASURE_KEYS);
  const json: Record<string, unknown> = { keys, start_at: day, end_at: day };
  for (const key of keys) json[key] = { domain: 'example.invalid', include_subdomains: true };
  const reply = await ask(what, { method: 'POST', path: '/api/v1/admin/measures', json });
  const reported = reply.status === 200 && Array.isArray(reply.body) && reply.body.some((m) => keys.includes((m as { key?: string }).key ?? ''));
  if (reported) lines.push({ ok: true, what: `${what} available` });
  else if (NO_MEASURES.includes(reply.status) || reply.status === 200) {
    lines.push({ ok: true, what: 'Mastodon: impact figures are not available on this server (polls go without them)' });
  } else {
    lines.push({ ok: false, what, fix: refusalFix(reply, { scope: 'admin:read', permission: 'View Dashboard', account }) });
  }
}
