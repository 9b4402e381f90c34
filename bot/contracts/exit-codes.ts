export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A problem the operator must fix (bad usage or config): printed without a stack, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A runtime failure worth one clear line (server unreachable, broken log): exit 1. */
export class RuntimeFailure extends Error {
  override name = 'RuntimeFailure';
}
