// A service's result as the chat says it, so tests of services assert the words people read.
import type { Result } from '../../../bot/contracts/ports.ts';
import type { Refusal } from '../../../bot/contracts/refusals.ts';
import { refusalText } from '../../../bot/wording/refusals.ts';

export const PREFIX = '!moot';

/** The result with its refusal in words; the value as the service gave it. */
export function said<T>(result: Result<T, Refusal>, prefix = PREFIX): Result<T> {
  return result.ok ? result : { ok: false, reason: refusalText(result.reason, prefix) };
}
