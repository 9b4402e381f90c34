// `fedimoot check`, the instance part: reachable, token valid, rights to read and change domain blocks, impact
// figures. The questions go through the instance gateway (its probe); each request is tried once and waits for a
// rate-limit reset only briefly, so the check answers quickly.
import type { Config } from '../../bot/config/types.ts';
import type { Logger } from '../../bot/logger.ts';
import { InstanceError, type AccessProbe } from '../../bot/mastodon/gateway.ts';
import { createInstanceGateway } from '../../bot/mastodon/index.ts';
import { MISSING_SCOPE, rateLimitFix, refusalFix } from './check-instance-words.ts';
import type { CheckLine } from './check-line.ts';

export interface CheckInstanceOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Longest wait for a rate-limit reset before reporting it (default 10 s). */
  maxRateLimitWaitMs?: number;
}

/** The check stops at the first line that makes the next ones meaningless (unreachable, bad token, rate limit). */
class Stop extends Error {}

export async function checkInstance(config: Config, logger: Logger, options: CheckInstanceOptions = {}): Promise<CheckLine[]> {
  const mastodon = config.mastodon;
  if (!mastodon) return [{ ok: true, what: 'Mastodon: not configured (votes are recorded, nothing is applied)' }];
  const { probe } = createInstanceGateway(mastodon, logger, {
    maxAttempts: 1, maxRateLimitWaits: 1, maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 10_000,
    ...(options.now ? { now: options.now } : {}), ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const lines: CheckLine[] = [];

  /** One question; a rate limit or a failure to get any answer ends the check with a line saying so. */
  async function ask<T>(what: string, question: (probe: AccessProbe) => Promise<T>): Promise<T> {
    try {
      return await question(probe);
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
      const info = await probe.instanceInfo();
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

type Ask = <T>(what: string, question: (probe: AccessProbe) => Promise<T>) => Promise<T>;

/** The token's account (`@admin`), when it may read it. A token the instance does not accept ends the check. */
async function checkToken(ask: Ask, lines: CheckLine[]): Promise<string | undefined> {
  const what = 'Mastodon: token valid';
  const reply = await ask(what, (probe) => probe.credentials());
  if (reply.status === 200) {
    const account = reply.acct !== undefined ? `@${reply.acct}` : undefined;
    lines.push({ ok: true, what: account ? `${what} (account ${account})` : what });
    return account;
  }
  if (reply.status === 401) {
    lines.push({ ok: false, what, fix: 'the token is invalid or revoked; create a new one and put it in mastodon.accessToken' });
    throw new Stop();
  }
  // The token is checked before its scopes: a missing scope means a valid token.
  if (reply.status === 403 && MISSING_SCOPE.test(reply.said)) {
    lines.push({ ok: true, what: `${what} (it may not read its own account: no read:accounts scope)` });
    return undefined;
  }
  lines.push({ ok: false, what, fix: `the instance answered ${reply.status} ${reply.said}`.trim() });
  return undefined;
}

async function checkReadBlocks(ask: Ask, lines: CheckLine[], account: string | undefined): Promise<void> {
  const what = 'Mastodon: token may read domain blocks';
  const reply = await ask(what, (probe) => probe.readBlocks());
  if (reply.count === undefined) {
    lines.push({ ok: false, what, fix: refusalFix(reply, { scope: 'admin:read:domain_blocks (or admin:read)', permission: 'Manage Federation', account }) });
    return;
  }
  lines.push({ ok: true, what: `${what} (${reply.count} on the server)` });
}

async function checkWriteBlocks(ask: Ask, lines: CheckLine[], account: string | undefined): Promise<void> {
  const what = 'Mastodon: token may change domain blocks';
  const reply = await ask(what, (probe) => probe.writeBlocks());
  if (reply.status === 404) {
    lines.push({ ok: true, what: `${what} (admin:write:domain_blocks scope)` });
    return;
  }
  lines.push({ ok: false, what, fix: refusalFix(reply, { scope: 'admin:write:domain_blocks', permission: 'Manage Federation', account }) });
}

async function checkMeasures(ask: Ask, lines: CheckLine[], account: string | undefined): Promise<void> {
  const what = 'Mastodon: impact figures (admin measures)';
  const figures = await ask(what, (probe) => probe.measures());
  if (figures.kind === 'reported') lines.push({ ok: true, what: `${what} available` });
  else if (figures.kind === 'none') lines.push({ ok: true, what: 'Mastodon: impact figures are not available on this server (polls go without them)' });
  else lines.push({ ok: false, what, fix: refusalFix(figures.answer, { scope: 'admin:read', permission: 'View Dashboard', account }) });
}
