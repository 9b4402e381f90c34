// The V8 flags `fedimoot run` starts Node with (bin/fedimoot.js), shared with the bench's memory probes. Plain
// JavaScript: bin/fedimoot.js loads it before any TypeScript can run. The running bot lives for months at rest, so it
// trades peak speed for resident memory; heap and compiler flags can only be given when Node starts.
// - A 1 MB young generation: V8's default (up to 3 × 16 MB on 64-bit) is filled once at start-up and then kept.
// - No optimising compilers for JavaScript (Maglev, TurboFan), and only the baseline one (Liftoff) for the crypto's
//   WebAssembly: their own machine code, paged in from the node binary once they run, and the code they make take
//   about 12 MB of a bot that otherwise takes under 100. The bot waits on the network almost all the time, and its hot
//   work (JSON, SQLite, HTTP parsing) is native code either way; `npm run bench` measures the lag and reply rows with
//   these flags.
// - V8's optimisations for size (smaller inline caches, a heap kept tighter): at rest, after the first idle GCs,
//   about 7 MB less resident memory (measured with the bench's probe stack).
export const RUN_FLAGS = ['--max-semi-space-size=1', '--no-opt', '--no-maglev', '--liftoff-only', '--optimize-for-size'];

const flagName = (flag) => flag.replace(/^--(no-)?/, '').split('=')[0].replaceAll('_', '-');
const OUR_NAMES = new Set(RUN_FLAGS.map(flagName));

/** Whether one of these flags (or its negation) is among the given ones: the operator's choice then stands. */
export function runFlagsGiven(flags) {
  return flags.some((flag) => flag.startsWith('--') && OUR_NAMES.has(flagName(flag)));
}
