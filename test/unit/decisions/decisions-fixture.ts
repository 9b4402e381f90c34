// The decisions capability on the Mastodon contract fake (see decisions-deps.ts), with the fake's clock as the bot's.
import { afterEach } from 'vitest';
import type { MastodonFakeOptions } from '../../fakes/mastodon/index.ts';
import type { Store } from '../../../storage/store.ts';
import { setup, type GatewaySetup, type SetupOptions } from '../mastodon/gateway-fixture.ts';
import { decisionsDeps, type DecisionsDeps } from './decisions-deps.ts';

export { MEMBER_ROOM, STAFF, STAFF_ROOM, type Sent } from './decisions-deps.ts';

export interface DecisionsWorld extends GatewaySetup, DecisionsDeps {
  /** Requests that change something on the instance (the fake logs every request). */
  writes(): { method: string; path: string }[];
}

export interface WorldOptions extends SetupOptions {
  dryRun?: boolean;
  announce?: boolean;
  /** The fake's options (default: no rate limits). */
  fake?: MastodonFakeOptions;
}

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

export async function decisionsWorld(options: WorldOptions = {}): Promise<DecisionsWorld> {
  const gatewaySetup = await setup(options.fake, options);
  const { fake, gateway } = gatewaySetup;
  const world = decisionsDeps({ gateway, mastodon: gatewaySetup.config, now: () => fake.clock.now(), dryRun: options.dryRun, announce: options.announce });
  stores.push(world.store);
  return {
    ...gatewaySetup,
    ...world,
    writes: () => fake.requests.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path })),
  };
}
