// Verified membership: a Matrix user proves they hold a local account on the instance with a one-time code the bot
// sends there as a direct status. Codes are stored only as hashes, expire after an hour, and are tried at most a few
// times; each user may ask for a few codes per hour.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { LinkActions } from '../contracts/pledge-ports.ts';
import { fail, ok } from '../contracts/ports.ts';
import type { LinkRefusal } from '../contracts/refusals.ts';
import { linkCodeStatus } from '../wording/link-words.ts';
import { AccountAlreadyLinkedError } from '../../storage/errors.ts';
import type { InstanceGateway } from '../mastodon/gateway.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';

/** Linking: the links and codes stored, the instance's address (mastodon.url), the command prefix for the code's status. */
export type LinkContext = Pick<ProposalDeps, 'store' | 'now' | 'logger'> & ConfigSections<'matrix' | 'mastodon'>;

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

export function linkActions(deps: LinkContext, instance: InstanceGateway): LinkActions {
  const store = deps.store;
  const prefix = deps.config.matrix.commandPrefix;

  /** A reason to refuse a handle on another instance's domain, or undefined when the domain is this instance's. */
  async function remoteRefusal(parsed: { acct: string; host: string }): Promise<LinkRefusal | undefined> {
    const urlHost = deps.config.mastodon ? new URL(deps.config.mastodon.url).host.toLowerCase() : undefined;
    if (parsed.host === urlHost) return undefined;
    // The domain in the instance's own handles (Mastodon's LOCAL_DOMAIN), which may differ from mastodon.url's host.
    const domain = await instance.ownDomain();
    if (domain === undefined) return { kind: 'lookup_failed' };
    if (parsed.host === domain) return undefined;
    return { kind: 'account_elsewhere', acct: parsed.acct, host: parsed.host, ownDomain: domain };
  }

  function allowRequest(user: string): boolean {
    const recent = store.records.linkRequestsSince(user, deps.now() - 60 * 60_000);
    if (recent.length >= MAX_CODES_PER_HOUR) return false;
    store.records.addLinkRequest(user, deps.now());
    return true;
  }

  return {
    async link(user, handle) {
      const parsed = parseHandle(handle);
      if (!parsed) return fail({ kind: 'not_a_handle', handle });
      const refusal = parsed.host ? await remoteRefusal({ acct: parsed.acct, host: parsed.host }) : undefined;
      if (refusal) return fail(refusal);
      let account;
      try {
        // By username alone: the instance answers with its local account, whatever name it knows its own domain by.
        account = await instance.lookupAccount(parsed.username);
      } catch {
        return fail({ kind: 'lookup_failed' });
      }
      if (!account) return fail({ kind: 'no_such_account', acct: parsed.acct });
      if (!account.local) return fail({ kind: 'account_not_local', acct: account.acct });
      const holder = store.links.byAccountId(account.id);
      if (holder && holder.matrixUserId !== user) return fail({ kind: 'account_taken', acct: account.acct });
      if (!allowRequest(user)) return fail({ kind: 'too_many_codes', max: MAX_CODES_PER_HOUR });
      const code = newCode();
      const record = store.links.createCode({
        matrixUserId: user, acct: account.acct, accountId: account.id, codeHash: hashCode(code), expiresAt: deps.now() + CODE_TTL_MS, createdAt: deps.now(),
      });
      const text = linkCodeStatus(account.acct, code, prefix);
      try {
        await instance.postStatus(text, { visibility: 'direct', idempotencyKey: `fedimoot-link-${record.id}` });
      } catch (error) {
        deps.logger.warn({ err: error }, 'could not send a link code');
        return fail({ kind: 'code_not_sent' });
      }
      store.audit.append({ ts: deps.now(), actor: user, action: 'link_requested', detail: { acct: account.acct } });
      return ok({ kind: 'code_sent', acct: account.acct });
    },

    async verify(user, code) {
      const pending = store.links.pendingCode(user, deps.now());
      if (!pending) return fail({ kind: 'no_code_waiting' });
      if (store.links.recordAttempt(pending.id) > MAX_ATTEMPTS_PER_CODE) return fail({ kind: 'too_many_tries' });
      const given = Buffer.from(hashCode(code), 'hex');
      if (!timingSafeEqual(given, Buffer.from(pending.codeHash, 'hex'))) return fail({ kind: 'wrong_code' });
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
        if (error instanceof AccountAlreadyLinkedError) return fail({ kind: 'account_taken', acct: pending.acct });
        throw error;
      }
      return ok({ kind: 'linked', acct: pending.acct });
    },

    unlink(user) {
      const link = store.links.byMatrixUser(user);
      if (!link) return fail({ kind: 'not_linked' });
      // The follow lists saved for the member go with the link: nothing personal is kept without it.
      const unlinked = store.transaction(() => store.links.unlink(user) && (store.personal.forget(user), true));
      if (!unlinked) return fail({ kind: 'not_linked' });
      store.audit.append({ ts: deps.now(), actor: user, action: 'unlinked', detail: { acct: link.acct } });
      return ok({ kind: 'unlinked', acct: link.acct });
    },
  };
}
