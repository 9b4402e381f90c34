// A proposal waits for the instance only so long (its block list, its impact figures): a slow instance must not hold
// up a poll. The instance's own retries go on in the background; their answer is then simply not used.

/** `promise`'s answer, or a rejection "no answer within N s" once `ms` have passed. */
export function answerWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms).unref()),
  ]);
}
