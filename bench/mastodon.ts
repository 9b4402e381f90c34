// The instance gateway against the Mastodon contract fake: a drift check (what `!moot sync` and start-up do) over an
// instance holding 5,000 blocks, and 300 approved decisions applied by the apply jobs (runApply on the job runner, a
// memory store) on an instance holding 1,000 blocks, under a budget of 300 requests per 5 minutes.
// Baselines, in the same run: plain fetch doing the least the same work needs (follow the pages; for the applies, the
// pages once and 300 POSTs, unthrottled). Time in the budgeted run is the fake's: the gateway's waits move the fake's
// clock, so the 5-minute window costs nothing real and the figure shows the bot's own work; the simulated wait is
// printed apart.
import pino from 'pino';
import { startMastodonFake, type MastodonFake, type MastodonFakeOptions } from '../test/fakes/mastodon/index.ts';
import { createInstanceGateway } from '../bot/mastodon/index.ts';
import type { MastodonConfig } from '../bot/config/types.ts';
import type { InstanceGateway } from '../bot/mastodon/gateway.ts';
import { scheduleApply } from '../bot/decisions/apply.ts';
import { findDrift } from '../bot/decisions/drift.ts';
import { importBlocks } from '../bot/decisions/import.ts';
import { MEMORY_PATH } from '../storage/database.ts';
import { openStore } from '../storage/store.ts';
import { decisionsDeps } from '../test/unit/decisions/decisions-deps.ts';
import type { BenchSection, Measurement } from './report.ts';

const EXISTING = 5_000;
const EXISTING_WHEN_APPLYING = 1_000;
const CHANGES = 300;
const BUDGET = { limit: 300, periodMs: 300_000 };
const BLOCKS = '/api/v1/admin/domain_blocks';

interface Rig {
  fake: MastodonFake;
  gateway: InstanceGateway;
  config: MastodonConfig;
  /** Time the gateway asked to wait (moved on the fake's clock instead). */
  waitedMs: () => number;
}

async function rig(options: MastodonFakeOptions): Promise<Rig> {
  const fake = await startMastodonFake(options);
  let waited = 0;
  const config: MastodonConfig = { url: fake.url, accessToken: fake.tokens.admin!, flavor: 'mastodon', dryRun: false, requestTimeout: 10_000, announce: { enabled: false, visibility: 'public' } };
  const gateway = createInstanceGateway(
    config,
    pino({ level: 'silent' }),
    {
      now: () => fake.clock.now(),
      sleep: async (ms) => {
        waited += ms;
        fake.clock.advance(ms);
      },
    },
  );
  return { fake, gateway, config, waitedMs: () => waited };
}

/** Every page of the block list with plain fetch, following Link rel="next". */
async function fetchAllPages(fake: { url: string; tokens: Record<string, string> }): Promise<number> {
  let url: string | undefined = `${fake.url}/api/v1/admin/domain_blocks?limit=200`;
  let blocks = 0;
  while (url) {
    const response: Response = await fetch(url, { headers: { authorization: `Bearer ${fake.tokens.admin}` } });
    const page = (await response.json()) as unknown[];
    blocks += page.length;
    const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '');
    url = page.length > 0 && next ? next[1] : undefined;
  }
  return blocks;
}

async function syncRows(): Promise<Measurement[]> {
  const { fake, gateway } = await rig({ rateLimit: false });
  const store = openStore(MEMORY_PATH);
  try {
    fake.state.seedBlocks(EXISTING);
    importBlocks(store, await gateway.listBlocks(), Date.now());
    await gateway.flavor();
    fake.requests.length = 0;
    let start = performance.now();
    const drift = await findDrift(store, gateway);
    const driftMs = performance.now() - start;
    const requests = fake.requests.length;
    const writes = fake.requests.filter((r) => r.method !== 'GET').length;
    start = performance.now();
    const fetched = await fetchAllPages(fake);
    const rawMs = performance.now() - start;
    const pages = Math.floor(EXISTING / 200) + 1;
    console.log(`\nDrift check over ${drift.blocks} blocks (${fetched} by plain fetch): ${drift.items.length} differences, ` +
      `${requests} HTTP requests (the ${pages} pages: goal), ${writes} writes (goal 0)`);
    return [
      { name: `drift check over ${EXISTING} blocks (${requests} requests, ${writes} writes)`, ms: driftMs, baselineName: `plain fetch of the ${pages} pages`, baselineMs: rawMs, goalRatio: 3 },
    ];
  } finally {
    store.close();
    await fake.stop();
  }
}

interface ApplyRun {
  ms: number;
  applied: number;
  requests: number;
  throttled: number;
  pages: number;
  listReads: number;
  waitedS: number;
  simulatedMin: number;
}

/** `count` approved decisions applied by their jobs on a budgeted fake holding `existing` blocks. */
async function applyDecisions(count: number, existing: number): Promise<ApplyRun> {
  const { fake, gateway, config, waitedMs } = await rig({ rateLimit: BUDGET });
  const world = decisionsDeps({ gateway, mastodon: config, now: () => fake.clock.now() });
  try {
    // At the start of a window (of the paging throttle's too): the worst case, the whole budget to spread.
    fake.clock.set(Math.ceil(fake.clock.now() / (3 * BUDGET.periodMs)) * 3 * BUDGET.periodMs);
    fake.state.seedBlocks(existing);
    const ids = Array.from({ length: count }, (_, i) => world.approved({ domain: `applied-${i}.example`, action: 'suspend' }).id);
    world.store.transaction(() => ids.forEach((id) => scheduleApply(world.deps, id, world.deps.now(), 'auto')));
    const fakeStart = fake.clock.now();
    const start = performance.now();
    await world.runJobs();
    const ms = performance.now() - start;
    const pages = fake.requests.filter((r) => r.method === 'GET' && r.path === BLOCKS);
    return {
      ms,
      applied: world.store.proposals.listInStates(['applied']).length,
      requests: fake.requests.length,
      throttled: fake.requests.filter((r) => r.status === 429).length,
      pages: pages.length,
      listReads: pages.filter((r) => r.query.max_id === undefined).length,
      waitedS: waitedMs() / 1000,
      simulatedMin: (fake.clock.now() - fakeStart) / 60_000,
    };
  } finally {
    world.store.close();
    await fake.stop();
  }
}

async function applyRows(): Promise<Measurement[]> {
  // Untimed, so the job runner's and the store's code is as warm as fetch is for the baseline.
  await applyDecisions(30, 100);
  const run = await applyDecisions(CHANGES, EXISTING_WHEN_APPLYING);
  const plain = await startMastodonFake({ rateLimit: false });
  try {
    plain.state.seedBlocks(EXISTING_WHEN_APPLYING);
    const rawPages = Math.floor(EXISTING_WHEN_APPLYING / 200) + 1;
    const start = performance.now();
    await fetchAllPages(plain);
    for (let i = 0; i < CHANGES; i++) {
      const body = new URLSearchParams({ domain: `raw-${i}.example`, severity: 'suspend' });
      await (await fetch(`${plain.url}${BLOCKS}`, { method: 'POST', body, headers: { authorization: `Bearer ${plain.tokens.admin}` } })).text();
    }
    const rawMs = performance.now() - start;
    console.log(`Applying ${CHANGES} approved decisions (runApply) on ${EXISTING_WHEN_APPLYING} blocks under ${BUDGET.limit} requests per ` +
      `${BUDGET.periodMs / 60_000} min: ${run.applied} applied, ${run.requests} requests (${rawPages} pages + ${CHANGES} changes at least), ` +
      `${run.throttled} answered 429 (goal 0), ${run.pages} pages read in ${run.listReads} list reads (the list is read again after a minute), ` +
      `waits ${run.waitedS.toFixed(0)} s on the fake's clock (${run.simulatedMin.toFixed(1)} min in all: more requests than one window allows)`);
    return [
      {
        name: `apply ${CHANGES} decisions, paced (${run.requests} requests, ${run.throttled} × 429, ${run.listReads} list reads; waits simulated)`,
        ms: run.ms,
        baselineName: `${rawPages} pages + ${CHANGES} plain POSTs, unthrottled`,
        baselineMs: rawMs,
        // No time goal: the row includes the store and the job runner, which the baseline does not do.
      },
      { name: '429 answers while applying (count, shown as ms)', ms: run.throttled, baselineName: 'goal: none', baselineMs: 1, goalRatio: 0 },
    ];
  } finally {
    await plain.stop();
  }
}

async function run(): Promise<Measurement[]> {
  return [...(await syncRows()), ...(await applyRows())];
}

export const mastodonSection: BenchSection = { id: 'mastodon', title: 'Instance gateway (Mastodon contract fake)', run };
