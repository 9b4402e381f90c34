// What `fedimoot check` tells the operator to do when the instance refuses a request, worded from the refusal:
// Mastodon answers a token without the scope "outside the authorized scopes" and an account without the right
// "not allowed"; GoToSocial says "insufficient scope permission", or that the user is not an admin.
import type { InstanceAnswer } from '../../bot/mastodon/gateway.ts';

/** Mastodon's and GoToSocial's words for a token without the scope a request needs. */
export const MISSING_SCOPE = /outside the authorized scopes|insufficient scope/i;

/** The scopes the bot's token needs (config.example.yaml); read:accounts lets it look up accounts to link. */
export const TOKEN_SCOPES = 'admin:read, admin:write:domain_blocks, write:statuses and read:accounts';

export interface Needs {
  /** The scope this request needs, as the operator would grant it. */
  scope: string;
  /** The permission of the account's role (Mastodon's Administration → Roles). */
  permission: string;
  /** The token's account, if known: `@admin`. */
  account?: string;
}

export function refusalFix(reply: InstanceAnswer, needs: Needs): string {
  const said = reply.said;
  if (MISSING_SCOPE.test(said)) {
    return `the token lacks the ${needs.scope} scope; create a token with ${TOKEN_SCOPES} and put it in mastodon.accessToken`;
  }
  const who = needs.account ? `the token's account ${needs.account}` : "the token's account";
  if (/not allowed/i.test(said)) {
    return `${who} lacks the ${needs.permission} permission; give it a role that has it (Admin and Owner do) under Administration → Roles, or use an admin's token`;
  }
  if (/not an admin/i.test(said)) {
    return `${who} is not an admin on this server (it answered "${said}"); promote it (gotosocial admin account promote) and restart GoToSocial`;
  }
  const answer = said ? `${reply.status} ${said}` : String(reply.status);
  return `the instance refused it (${answer}); the token needs the ${needs.scope} scope and an account with the ${needs.permission} permission`;
}

export function rateLimitFix(message: string): string {
  const resets = /resets in (\d+) s/.exec(message)?.[1];
  return `the instance's rate limit for this token is used up${resets ? ` (it resets in ${resets} s)` : ''}; run the check again after that`;
}
