/** The V8 flags `fedimoot run` starts Node with (see run-flags.js). */
export const RUN_FLAGS: readonly string[];
/** Whether one of these flags (or its negation) is among the given ones. */
export function runFlagsGiven(flags: readonly string[]): boolean;
