// The instance gateway against the Mastodon contract fake: a drift check (what `!moot sync` and start-up do) over an
// instance holding 5,000 blocks, and 300 blocks applied under a budget of 300 requests per 5 minutes.
// Baselines, in the same run: plain fetch doing the least the same work needs (follow the pages; POST 300 times to an
// unthrottled fake). Time in the budgeted run is the fake's: the gateway's waits move the fake's clock, so the
// 5-minute window costs nothing real and the figure shows the gateway's own work; the simulated wait is printed apart.
import pino from 'pino';
import { startMastodonFake, type MastodonFake, type MastodonFakeOptions } from '../test/fakes/mastodon/index.ts';
import { createInstanceGateway } from '../bot/mastodon/index.ts';
import type { BlockSettings, InstanceGateway } from '../bot/mastodon/gateway.ts';
import { findDrift } from '../bot/decisions/drift.ts';
import { importBlocks } from '../bot/decisions/import.ts';
import { MEMORY_PATH } from '../storage/database.ts';
import { openStore } from '../storage/store.ts';
import type { BenchSection, Measurement } from './report.ts';

const EXISTING = 5_000;
const CHANGES = 300;
const BUDGET = { limit: 300, periodMs: 300_000 };
const SUSPEND: BlockSettings = { severity: 'suspend', rejectMedia: false, rejectReports: false, obfuscate: false, publicComment: 'bench' };

interface Rig {
  fake: MastodonFake;
  gateway: InstanceGateway;
  /** Time the gateway asked to wait (moved on the fake's clock instead). */
  waitedMs: () => number;
}

async function rig(options: MastodonFakeOptions): Promise<Rig> {
  const fake = await startMastodonFake(options);
  let waited = 0;
  const gateway = createInstanceGateway(
    { url: fake.url, accessToken: fake.tokens.admin!, flavor: 'mastodon', dryRun: false, requestTimeout: 10_000, announce: { enabled: false, visibility: 'public' } },
    pino({ level: 'silent' }),
    {
      now: () => fake.clock.now(),
      sleep: async (ms) => {
        waited += ms;
        fake.clock.advance(ms);
      },
    },
  );
  return { fake, gateway, waitedMs: () => waited };
}

/** Every page of the block list with plain fetch, following Link rel="next". */
async function fetchAllPages(fake: MastodonFake): Promise<number> {
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

async function applyRows(): Promise<Measurement[]> {
  const budgeted = await rig({ rateLimit: BUDGET });
  const plain = await startMastodonFake({ rateLimit: false });
  try {
    const { fake, gateway, waitedMs } = budgeted;
    const fakeStart = fake.clock.now();
    let start = performance.now();
    await gateway.listBlocks();
    for (let i = 0; i < CHANGES; i++) await gateway.createBlock(`applied-${i}.example`, SUSPEND);
    const applyMs = performance.now() - start;
    const throttled = fake.requests.filter((r) => r.status === 429).length;
    const simulatedMin = (fake.clock.now() - fakeStart) / 60_000;
    start = performance.now();
    for (let i = 0; i < CHANGES; i++) {
      const body = new URLSearchParams({ domain: `raw-${i}.example`, severity: 'suspend' });
      await (await fetch(`${plain.url}/api/v1/admin/domain_blocks`, { method: 'POST', body, headers: { authorization: `Bearer ${plain.tokens.admin}` } })).text();
    }
    const rawMs = performance.now() - start;
    console.log(`Applying ${CHANGES} blocks under ${BUDGET.limit} requests per ${BUDGET.periodMs / 60_000} min: ${fake.state.blocks.length} made, ` +
      `${fake.requests.length} requests, ${throttled} answered 429 (goal 0); waits ${(waitedMs() / 1000).toFixed(0)} s on the fake's clock ` +
      `(${simulatedMin.toFixed(1)} min in all: more requests than one window allows, so the rest waits for the next window)`);
    return [
      { name: `apply ${CHANGES} blocks, paced (${throttled} × 429; waits simulated)`, ms: applyMs, baselineName: `${CHANGES} plain POSTs, unthrottled`, baselineMs: rawMs, goalRatio: 3 },
    ];
  } finally {
    await budgeted.fake.stop();
    await plain.stop();
  }
}

async function run(): Promise<Measurement[]> {
  return [...(await syncRows()), ...(await applyRows())];
}

export const mastodonSection: BenchSection = { title: 'Instance gateway (Mastodon contract fake)', run };
