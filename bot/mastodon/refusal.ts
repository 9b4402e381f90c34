// A refusal by the instance (401/403), as data for the words that say what to fix (bot/wording/refusals.ts).
import type { InstanceRefusal } from '../contracts/refusals.ts';
import { InstanceError } from './gateway.ts';

export function isRefusal(error: unknown): error is InstanceError {
  return error instanceof InstanceError && (error.status === 401 || error.status === 403);
}

/** The instance refused to `what`: its status and answer; `needs`: the scope and permission the request needs. */
export function refusalOf(error: InstanceError, what: string, needs: { scope: string; permission: string }): Extract<InstanceRefusal, { kind: 'instance_refused' }> {
  const answer = /answered (.*)$/.exec(error.message)?.[1] ?? String(error.status);
  return { kind: 'instance_refused', what, status: error.status ?? 0, answer, needs };
}
