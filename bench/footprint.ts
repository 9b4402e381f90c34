// The bot's memory at rest, as an operator runs it: compiled (dist/), the default config (a Matrix homeserver, an
// instance, the decision log's page served), with encryption on (the default) and off. Beside it, where the memory
// goes: Node alone, then what each dependency adds to those loaded before it, in the order the bot loads them.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSynapse } from '../test/servers/synapse.ts';
import { freePort } from '../test/servers/server-process.ts';
import { startMastodonFake } from '../test/fakes/mastodon/index.ts';
import { MatrixUser } from '../test/e2e/support/matrix-user.ts';
import { BotProcess } from '../test/e2e/support/bot-process.ts';
import type { BenchSection, Measurement } from './report.ts';
import { rssMb } from './process-memory.ts';
import { RUN_FLAGS } from '../bin/run-flags.js';

const execFileAsync = promisify(execFile);

export const IDLE_GOAL_MB = 100;
/**
 * How long the bot rests before it is read: V8's memory reducer runs its GCs some seconds into idleness (with
 * --optimize-for-size about 7 MB go about 10 s after start), and the bot lives for months at rest.
 */
export const SETTLE_MS = 30_000;

/**
 * What the bot loads, in the order it loads it: each probe is a fresh Node (with the bot's V8 flags) loading every stage
 * up to its own, so each row is what its stage adds to those before it and the rows add up to the last probe; the idle
 * bot's own figure, less that, is what running adds (sockets, sync state, the crypto's keys and caches).
 */
const STAGES: readonly { name: string; code: string }[] = [
  // Node with its ES module loader at work (the bot is ES modules), not a bare `node -e ''`.
  { name: `Node ${process.versions.node} alone, its module loader started`, code: "await import('data:text/javascript,export default 1');" },
  { name: '+ the config file and its checks: yaml, zod and the schema', code: "await import('./dist/bot/config/load-config.js');" },
  { name: '+ the log: pino', code: "const { createLogger } = await import('./dist/bot/logger.js'); createLogger({ level: 'info' });" },
  { name: '+ the store: better-sqlite3 and the schema (an empty database file)', code: "const { openStore } = await import('./dist/storage/store.js'); openStore(`${process.env.PROBE_DIR}/store-${process.pid}.db`);" },
  { name: '+ matrix-bot-sdk (the parts the bot loads) and a client', code: "const { loadMatrixSdk } = await import('./dist/bot/matrix/load-sdk.js'); new (loadMatrixSdk().sdk.MatrixClient)('http://127.0.0.1:1', 'x');" },
  { name: '+ the crypto: matrix-sdk-crypto-wasm, initialised, and fake-indexeddb', code: "await import('./dist/bot/matrix/crypto/nodejs-binding-on-wasm.js'); await (await import('@matrix-org/matrix-sdk-crypto-wasm')).initAsync();" },
  { name: "+ fedimoot's own code (every module the running bot loads)", code: "await import('./dist/commands/cli/main.js'); await import('./dist/bot/app.js');" },
];

/** A probe rests as the bot does before it is read (see SETTLE_MS), with a timer waking it as the bot's do. */
const PROBE_REST_MS = 15_000;

async function childRss(code: string, dir: string): Promise<number> {
  const script = `${code}\nconst tick = setInterval(() => {}, 1000);\nawait new Promise((r) => setTimeout(r, ${PROBE_REST_MS}));\nclearInterval(tick);\nprocess.stdout.write(String(process.memoryUsage().rss));`;
  const { stdout } = await execFileAsync(process.execPath, [...RUN_FLAGS, '--no-deprecation', '--input-type=module', '-e', script], {
    encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname, env: { ...process.env, PROBE_DIR: dir },
  }).catch((error: { stderr?: string }) => {
    throw new Error(`memory probe failed: ${error.stderr ?? String(error)}`);
  });
  return Number(stdout) / 1_048_576;
}

/** The median of three probes at once (each its own process): one reading of RSS moves with when the GC last ran. */
async function probe(code: string, dir: string): Promise<number> {
  const readings = (await Promise.all([childRss(code, dir), childRss(code, dir), childRss(code, dir)])).sort((a, b) => a - b);
  return readings[1]!;
}

/** Each stage's increment over the stages before it (cumulative probes), the first one absolute. */
async function breakdown(): Promise<{ name: string; mb: number }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fedimoot-footprint-'));
  try {
    let code = '';
    let before = 0;
    const rows: { name: string; mb: number }[] = [];
    for (const stage of STAGES) {
      code += `${stage.code}\n`;
      const total = await probe(code, dir);
      rows.push({ name: stage.name, mb: total - before });
      before = total;
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
    const stages = await breakdown();
    const loaded = stages.reduce((sum, s) => sum + s.mb, 0);
    console.log('\nWhere the idle bot’s memory goes (RSS, MB; each row what loading it adds to the rows above, as the bot loads them, median of 3)');
    for (const s of stages) console.log(`  ${s.mb.toFixed(1).padStart(6)}  ${s.name}`);
    console.log(`  ${(withCrypto - loaded).toFixed(1).padStart(6)}  + running: connections, sync state, the crypto's keys and caches, the database's cache`);
    console.log(`  ${withCrypto.toFixed(1).padStart(6)}  = the idle bot, encryption on; ${without.toFixed(1)} with encryption off`);
    const node = stages[0]!.mb;
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
