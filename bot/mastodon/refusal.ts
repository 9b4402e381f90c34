// A refusal by the instance (401/403) in words that say what to fix. A refused token is never "not available":
// hiding it would leave staff believing the server lacks a feature while the token merely lacks a right.
import { InstanceError } from './gateway.ts';

export function isRefusal(error: unknown): error is InstanceError {
  return error instanceof InstanceError && (error.status === 401 || error.status === 403);
}

/** "the instance refused to …: <its answer>; <how to fix the token>". `scope`/`permission`: what the request needs. */
export function refusalWords(error: InstanceError, what: string, needs: { scope: string; permission: string }): string {
  const answer = /answered (.*)$/.exec(error.message)?.[1] ?? String(error.status);
  const fix = error.status === 401
    ? "the bot's token is not accepted (revoked, expired or mistyped): put a valid admin token in mastodon.accessToken"
    : `the bot's token needs the ${needs.scope} scope, and its account the ${needs.permission} permission`;
  return `The instance refused to ${what} (it answered ${answer}): ${fix}; fedimoot check -c config.yaml says which is missing.`;
}
