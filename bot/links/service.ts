// Verified membership: a Matrix user proves they hold a local account on the instance with a one-time code the bot
// sends there as a direct status. Codes are stored only as hashes, expire after an hour, and are tried at most a few
// times; each user may ask for a few codes per hour.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { LinkActions } from '../contracts/pledge-ports.ts';
import { fail, ok } from '../contracts/ports.ts';
import { AccountAlreadyLinkedError } from '../../storage/errors.ts';
import type { InstanceGateway } from '../mastodon/gateway.ts';
import type { ProposalDeps } from '../proposals/deps.ts';

const CODE_TTL_MS = 60 * 60_000;
export const MAX_CODES_PER_HOUR = 3;
export const MAX_ATTEMPTS_PER_CODE = 5;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const hashCode = (code: string) => createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, ''), 'utf8').digest('hex');

function newCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** `@alice@example.social`, `alice@example.social` or `alice` → what the lookup endpoint takes. */
export function parseHandle(text: string): { acct: string; username: string; host?: string } | undefined {
  const match = /^@?([A-Za-z0-9_.-]+)(?:@([A-Za-z0-9.:-]+))?$/.exec(text.trim());
  if (!match) return undefined;
  const host = match[2]?.toLowerCase().replace(/\.$/, '');
  return { acct: match[2] ? `${match[1]}@${match[2]}` : match[1]!, username: match[1]!, ...(host ? { host } : {}) };
}

export function linkActions(deps: ProposalDeps, instance: InstanceGateway): LinkActions {
  const store = deps.store;
  const prefix = deps.config.matrix.commandPrefix;

  /** A reason to refuse a handle on another instance's domain, or undefined when the domain is this instance's. */
  async function remoteRefusal(parsed: { acct: string; host: string }): Promise<string | undefined> {
    const urlHost = deps.config.mastodon ? new URL(deps.config.mastodon.url).host.toLowerCase() : undefined;
    if (parsed.host === urlHost) return undefined;
    // The domain in the instance's own handles (Mastodon's LOCAL_DOMAIN), which may differ from mastodon.url's host.
    const domain = await instance.ownDomain();
    if (domain === undefined) return 'I could not reach the instance to look the account up; try again later.';
    if (parsed.host === domain) return undefined;
    return `@${parsed.acct} is an account on another instance (${parsed.host}); only accounts on this instance (${domain}) can be linked.`;
  }

  function allowRequest(user: string): boolean {
    const key = `link-requests:${user}`;
    const recent = (JSON.parse(store.meta.get(key) ?? '[]') as number[]).filter((t) => t > deps.now() - 60 * 60_000);
    if (recent.length >= MAX_CODES_PER_HOUR) return false;
    store.meta.set(key, JSON.stringify([...recent, deps.now()]));
    return true;
  }

  return {
    async link(user, handle) {
      const parsed = parseHandle(handle);
      if (!parsed) return fail(`"${handle}" is not an account handle. Write it like ${prefix} link @alice@your.instance`);
      const refusal = parsed.host ? await remoteRefusal({ acct: parsed.acct, host: parsed.host }) : undefined;
      if (refusal) return fail(refusal);
      let account;
      try {
        // By username alone: the instance answers with its local account, whatever name it knows its own domain by.
        account = await instance.lookupAccount(parsed.username);
      } catch {
        return fail('I could not reach the instance to look the account up; try again later.');
      }
      if (!account) return fail(`There is no account ${parsed.acct} on the instance.`);
      if (!account.local) return fail(`${account.acct} is an account on another instance; only local accounts can be linked.`);
      const holder = store.links.byAccountId(account.id);
      if (holder && holder.matrixUserId !== user) return fail(`@${account.acct} is already linked to another Matrix account.`);
      if (!allowRequest(user)) return fail(`You asked for ${MAX_CODES_PER_HOUR} codes in the last hour; wait a while before asking again.`);
      const code = newCode();
      const record = store.links.createCode({
        matrixUserId: user, acct: account.acct, accountId: account.id, codeHash: hashCode(code), expiresAt: deps.now() + CODE_TTL_MS, createdAt: deps.now(),
      });
      const text = `@${account.acct} Your fedimoot code is ${code}. In Matrix, write: ${prefix} verify ${code} (valid for one hour). If you did not ask for this, ignore it.`;
      try {
        await instance.postStatus(text, { visibility: 'direct', idempotencyKey: `fedimoot-link-${record.id}` });
      } catch (error) {
        deps.logger.warn({ err: error }, 'could not send a link code');
        return fail('I could not send the code on the instance; try again later.');
      }
      store.audit.append({ ts: deps.now(), actor: user, action: 'link_requested', detail: { acct: account.acct } });
      return ok(`I sent a code to @${account.acct} as a direct message on the instance. Write ${prefix} verify <code> here within an hour.`);
    },

    async verify(user, code) {
      const pending = store.links.pendingCode(user, deps.now());
      if (!pending) return fail(`You have no code waiting (it expired or was used). Start with ${prefix} link @you@your.instance`);
      if (store.links.recordAttempt(pending.id) > MAX_ATTEMPTS_PER_CODE) return fail(`Too many wrong tries for this code; ask for a new one with ${prefix} link.`);
      const given = Buffer.from(hashCode(code), 'hex');
      if (!timingSafeEqual(given, Buffer.from(pending.codeHash, 'hex'))) return fail('That code is not right. Check the direct message on the instance and try again.');
      let account;
      try {
        account = (await instance.adminAccount(pending.accountId)) ?? (await instance.lookupAccount(pending.acct));
      } catch {
        account = undefined;
      }
      const createdAt = account ? Date.parse(account.createdAt) : Number.NaN;
      try {
        store.transaction(() => {
          store.links.link({
            matrixUserId: user, acct: pending.acct, accountId: pending.accountId,
            accountCreatedAt: Number.isFinite(createdAt) ? createdAt : undefined, verifiedAt: deps.now(),
          });
          store.links.markCodeUsed(pending.id, deps.now());
          store.audit.append({ ts: deps.now(), actor: user, action: 'linked', detail: { acct: pending.acct } });
        });
      } catch (error) {
        if (error instanceof AccountAlreadyLinkedError) return fail(`@${pending.acct} is already linked to another Matrix account.`);
        throw error;
      }
      return ok(`Linked: your Matrix account now stands for @${pending.acct} on the instance.`);
    },

    unlink(user) {
      const link = store.links.byMatrixUser(user);
      if (!link) return fail('Your Matrix account is not linked.');
      // The follow lists saved for the member go with the link: nothing personal is kept without it.
      const unlinked = store.transaction(() => store.links.unlink(user) && (store.personal.forget(user), true));
      if (!unlinked) return fail('Your Matrix account is not linked.');
      store.audit.append({ ts: deps.now(), actor: user, action: 'unlinked', detail: { acct: link.acct } });
      return ok(`Unlinked from @${link.acct}.`);
    },
  };
}
