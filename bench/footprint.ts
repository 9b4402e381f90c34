// The bot's memory at rest, as an operator runs it: compiled (dist/), the default config (a Matrix homeserver, an
// instance, the decision log's page served), with encryption on (the default) and off. Beside it, where the memory
// goes: Node alone, and what each dependency adds to Node when loaded on its own, as the bot loads it.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSynapse } from '../test/servers/synapse.ts';
import { freePort } from '../test/servers/server-process.ts';
import { startMastodonFake } from '../test/fakes/mastodon/index.ts';
import { MatrixUser } from '../test/e2e/support/matrix-user.ts';
import { BotProcess } from '../test/e2e/support/bot-process.ts';
import type { BenchSection, Measurement } from './report.ts';
import { rssMb } from './process-memory.ts';

export const IDLE_GOAL_MB = 100;
const SETTLE_MS = 5_000;

/** Each share: what loading it adds to a bare Node, in a child process of its own (as the bot loads it, from dist/). */
const SHARES: readonly { name: string; code: string }[] = [
  { name: 'matrix-bot-sdk (the parts the bot loads) and its client', code: "const { loadMatrixSdk } = await import('./dist/bot/matrix/load-sdk.js'); new (loadMatrixSdk().sdk.MatrixClient)('http://127.0.0.1:1', 'x');" },
  { name: 'crypto: @matrix-org/matrix-sdk-crypto-wasm, initialised, and fake-indexeddb', code: "await import('fake-indexeddb/auto'); const w = await import('@matrix-org/matrix-sdk-crypto-wasm'); await w.initAsync();" },
  { name: 'better-sqlite3 with the schema (an empty store)', code: "const { openStore } = await import('./dist/storage/store.js'); openStore(':memory:');" },
  { name: 'masto (the instance client)', code: "await import('masto');" },
  { name: 'zod (config schema)', code: "await import('zod');" },
  { name: 'pino (log)', code: "await import('pino');" },
  { name: 'yaml (config file)', code: "await import('yaml');" },
  { name: 'yargs (command line)', code: "await import('yargs');" },
  { name: 'date-fns/formatDistanceStrict', code: "await import('date-fns/formatDistanceStrict');" },
];

function childRss(code: string): number {
  const script = `${code}\nawait new Promise((r) => setTimeout(r, 1000));\nprocess.stdout.write(String(process.memoryUsage().rss));`;
  const out = spawnSync(process.execPath, ['--no-deprecation', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
  if (out.status !== 0) throw new Error(`memory probe failed: ${out.stderr}`);
  return Number(out.stdout) / 1_048_576;
}

/** The median of three probes: one reading of RSS moves by a few MB with when the GC last ran. */
function probe(code: string): number {
  const readings = [childRss(code), childRss(code), childRss(code)].sort((a, b) => a - b);
  return readings[1]!;
}

async function idleBot(encryption: boolean, synapse: { url: string }, token: string, rooms: { staff: string; member: string }, mastodon: { url: string; token: string }): Promise<number> {
  const bot = await BotProcess.create({
    homeserverUrl: synapse.url,
    accessToken: token,
    staffRooms: [rooms.staff],
    memberRooms: [rooms.member],
    matrix: { encryption },
    mastodon: { url: mastodon.url, accessToken: mastodon.token },
    extra: { log: { level: 'info' }, publish: { http: { listen: `127.0.0.1:${await freePort()}` } } },
  });
  try {
    await bot.start(60_000);
    await sleep(SETTLE_MS);
    return rssMb(bot.pid);
  } finally {
    await bot.stop();
  }
}

async function run(): Promise<Measurement[]> {
  const synapse = await startSynapse({ log: () => undefined });
  const mastodon = await startMastodonFake({});
  try {
    const [botUser, staff] = await Promise.all(['fp-bot', 'fp-staff'].map((n) => MatrixUser.register(synapse, n)));
    const staffRoom = await staff!.createRoom({ name: 'Staff', invite: [botUser!.userId] });
    const memberRoom = await staff!.createRoom({ name: 'Town hall', preset: 'public_chat', invite: [botUser!.userId] });
    const rooms = { staff: staffRoom, member: memberRoom };
    const instance = { url: mastodon.url, token: mastodon.tokens.admin! };
    const withCrypto = await idleBot(true, synapse, botUser!.accessToken, rooms, instance);
    const without = await idleBot(false, synapse, botUser!.accessToken, rooms, instance);
    // Node with its ES module loader at work (every share below is loaded through it), not a bare `node -e ''`.
    const node = probe("await import('data:text/javascript,export default 1');");
    const shares = SHARES.map((s) => ({ ...s, mb: probe(s.code) - node }));
    const rest = withCrypto - node - shares.reduce((sum, s) => sum + s.mb, 0);
    console.log('\nWhere the idle bot’s memory goes (RSS, MB; each dependency loaded alone in a bare Node, median of 3)');
    console.log(`  ${node.toFixed(1).padStart(6)}  Node ${process.versions.node} alone`);
    for (const s of shares) console.log(`  ${s.mb.toFixed(1).padStart(6)}  ${s.name}`);
    console.log(`  ${rest.toFixed(1).padStart(6)}  the rest: fedimoot's own code, its caches, sockets and the crypto's state, less what the dependencies share`);
    console.log(`  ${withCrypto.toFixed(1).padStart(6)}  the idle bot, encryption on; ${without.toFixed(1)} with encryption off`);
    return [
      { name: 'bot RSS idle, default config, encryption on (MB, shown as ms)', ms: withCrypto, baselineName: `goal: ${IDLE_GOAL_MB} MB`, baselineMs: IDLE_GOAL_MB, goalRatio: 1 },
      { name: '  same, encryption off (MB)', ms: without, baselineName: `goal: ${IDLE_GOAL_MB} MB`, baselineMs: IDLE_GOAL_MB, goalRatio: 1 },
      { name: `  Node ${process.versions.node} alone (MB)`, ms: node, baselineName: 'the bot, encryption on (MB)', baselineMs: withCrypto },
    ];
  } finally {
    await mastodon.stop();
    await synapse.destroy();
  }
}

export const footprintSection: BenchSection = { id: 'footprint', title: 'Footprint (the compiled bot at rest)', run };
