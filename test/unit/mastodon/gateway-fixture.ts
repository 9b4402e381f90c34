// The instance gateway on the Mastodon contract fake, with time under the test's control: the gateway's sleep moves
// the fake's clock instead of waiting, so a rate-limit reset minutes away costs nothing.
import { afterEach } from 'vitest';
import pino from 'pino';
import { startMastodonFake, type MastodonFake, type MastodonFakeOptions } from '../../fakes/mastodon/index.ts';
import { createInstanceGateway } from '../../../bot/mastodon/index.ts';
import type { BlockSettings } from '../../../governance/blocks.ts';
import type { InstanceGateway } from '../../../bot/mastodon/gateway.ts';
import type { MastodonConfig } from '../../../bot/config/types.ts';

export const SUSPEND: BlockSettings = { severity: 'suspend', rejectMedia: false, rejectReports: false, obfuscate: false, publicComment: 'spam' };
export const LIMIT: BlockSettings = { ...SUSPEND, severity: 'silence' };

export interface GatewaySetup {
  fake: MastodonFake;
  gateway: InstanceGateway;
  config: MastodonConfig;
  /** Every wait the gateway asked for, in order. */
  slept: number[];
}

export interface SetupOptions {
  /** A token name of the fake (default `admin`) or a literal token. */
  token?: string;
  timeoutMs?: number;
  flavor?: MastodonConfig['flavor'];
  /** The URL the gateway is configured with (default the fake's). */
  url?: string;
}

let running: MastodonFake[] = [];
afterEach(async () => {
  await Promise.all(running.map((f) => f.stop()));
  running = [];
});

export async function setup(fakeOptions: MastodonFakeOptions = {}, options: SetupOptions = {}): Promise<GatewaySetup> {
  const fake = await startMastodonFake({ rateLimit: false, ...fakeOptions });
  running.push(fake);
  const slept: number[] = [];
  const token = options.token ?? 'admin';
  const config: MastodonConfig = {
    url: options.url ?? fake.url,
    accessToken: fake.tokens[token] ?? token,
    flavor: options.flavor ?? 'auto',
    dryRun: false,
    requestTimeout: options.timeoutMs ?? 2_000,
    announce: { enabled: false, visibility: 'public' },
  };
  const gateway = createInstanceGateway(config, pino({ level: 'silent' }), {
    now: () => fake.clock.now(),
    sleep: async (ms) => {
      slept.push(ms);
      fake.clock.advance(ms);
    },
    random: () => 0.5,
  });
  return { fake, gateway, config, slept };
}

/** The rejection of a promise that must fail. */
export async function failure(promise: Promise<unknown>): Promise<Error & { kind?: string; status?: number }> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected a failure, got a success');
  return outcome;
}
