// `fedimoot check` as the operator runs it (in this process), against the Mastodon contract fake and a stand-in
// homeserver: the exact lines for each kind of token, and the exit code.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import pino from 'pino';
import { main } from '../../../commands/cli/main.ts';
import { checkInstance } from '../../../commands/cli/check-instance.ts';
import { checkMatrix } from '../../../commands/cli/check-matrix.ts';
import { parseConfig } from '../../../bot/config/index.ts';
import { startMastodonFake, type MastodonFake } from '../../fakes/mastodon/index.ts';
import { tempDir } from '../storage/storage-fixtures.ts';

const STAFF = '!staff:example.social';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Just enough of a homeserver for the Matrix part of the check: the bot is logged in and in the staff room (its /sync). */
async function homeserver(staffState: Record<string, unknown>[] = []): Promise<string> {
  const server: Server = createServer((req, res) => {
    const body = req.url?.endsWith('/whoami') ? { user_id: '@moot:example.social' } : { rooms: { join: { [STAFF]: { state: { events: staffState } } } } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function mastodonFake(): Promise<MastodonFake> {
  const fake = await startMastodonFake();
  cleanups.push(() => fake.stop());
  return fake;
}

function configTree(homeserverUrl: string, fake: MastodonFake, token: string) {
  return {
    matrix: { homeserverUrl, accessToken: 'syt_matrix_secret', staffRooms: [STAFF] },
    mastodon: { url: fake.url, accessToken: fake.tokens[token] ?? token, requestTimeout: '5s' },
  };
}

async function check(token: string, prepare: (fake: MastodonFake) => void = () => undefined) {
  const fake = await mastodonFake();
  prepare(fake);
  const path = join(tempDir(), 'config.yaml');
  writeFileSync(path, stringify(configTree(await homeserver(), fake, token)));
  const out: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  let code: number;
  try {
    code = await main(['check', '-c', path]);
  } finally {
    process.stdout.write = write;
  }
  const stdout = out.join('');
  for (const secret of Object.values(fake.tokens)) expect(stdout).not.toContain(secret);
  return { code, lines: stdout.trimEnd().split('\n').slice(1), fake };
}

const MATRIX_LINES = [
  'pass  Matrix: logged in as @moot:example.social',
  // matrix.encryption defaults to on, on the WebAssembly crypto that ships with the bot.
  'pass  Matrix: end-to-end encryption on, with @matrix-org/matrix-sdk-crypto-wasm (matrix-sdk-crypto 0.19.1)',
  `pass  Matrix: staff room ${STAFF} joined`,
  `pass  Matrix: staff room ${STAFF}: the bot may send messages, polls and reactions (power level 0, needs 0)`,
  `pass  Matrix: staff room ${STAFF} not encrypted`,
];
const SCOPES = 'create a token with admin:read, admin:write:domain_blocks, write:statuses and read:accounts and put it in mastodon.accessToken';

describe('fedimoot check', () => {
  it('passes every line for an admin token, and exits 0', async () => {
    const { code, lines, fake } = await check('admin', (f) => f.state.seedBlocks(3));
    expect(lines).toEqual([
      ...MATRIX_LINES,
      `pass  Mastodon: ${fake.url} reachable (mastodon)`,
      'pass  Mastodon: token valid (account @admin)',
      'pass  Mastodon: token may read domain blocks (3 on the server)',
      'pass  Mastodon: token may change domain blocks (admin:write:domain_blocks scope)',
      'pass  Mastodon: impact figures (admin measures) available',
    ]);
    expect(code).toBe(0);
    // Nothing was changed by the write probe.
    expect(fake.state.blocks).toHaveLength(3);
  });

  it("a moderator's token: no Manage Federation, and exit 1", async () => {
    const { code, lines } = await check('moderator');
    expect(lines.slice(MATRIX_LINES.length)).toEqual([
      expect.stringMatching(/reachable \(mastodon\)$/),
      'pass  Mastodon: token valid (account @moderator)',
      "FAIL  Mastodon: token may read domain blocks — the token's account @moderator lacks the Manage Federation permission; give it a role that has it (Admin and Owner do) under Administration → Roles, or use an admin's token",
      'pass  Mastodon: token may change domain blocks (admin:write:domain_blocks scope)',
      'pass  Mastodon: impact figures (admin measures) available',
    ]);
    expect(code).toBe(1);
  });

  it('an admin token without admin scopes: each missing scope named, and exit 1', async () => {
    const { code, lines } = await check('noAdminScopes');
    expect(lines.slice(MATRIX_LINES.length)).toEqual([
      expect.stringMatching(/reachable \(mastodon\)$/),
      'pass  Mastodon: token valid (account @admin)',
      `FAIL  Mastodon: token may read domain blocks — the token lacks the admin:read:domain_blocks (or admin:read) scope; ${SCOPES}`,
      `FAIL  Mastodon: token may change domain blocks — the token lacks the admin:write:domain_blocks scope; ${SCOPES}`,
      `FAIL  Mastodon: impact figures (admin measures) — the token lacks the admin:read scope; ${SCOPES}`,
    ]);
    expect(code).toBe(1);
  });

  it.each(['revoked', 'not-a-token-the-instance-knows'])('a %s token: invalid or revoked, nothing else asked', async (token) => {
    const { code, lines, fake } = await check(token);
    expect(lines.slice(MATRIX_LINES.length + 1)).toEqual(['FAIL  Mastodon: token valid — the token is invalid or revoked; create a new one and put it in mastodon.accessToken']);
    expect(fake.requests.some((r) => r.path.startsWith('/api/v1/admin/'))).toBe(false);
    expect(code).toBe(1);
  });

  it('a rate limit minutes from its reset ends the check at once with a line saying so', async () => {
    const started = Date.now();
    const { code, lines } = await check('admin', (fake) => {
      // Early in a window, so the reset is about five minutes away.
      fake.clock.set(Math.ceil(Date.now() / 300_000) * 300_000 + 1_000);
      fake.faults.next(5, '429', { path: /domain_blocks/ });
    });
    expect(lines.at(-1)).toMatch(/^FAIL {2}Mastodon: token may read domain blocks — the instance's rate limit for this token is used up \(it resets in \d+ s\); run the check again after that$/);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('the instance part of the check on its own', () => {
  it('waits for a rate-limit reset only once and briefly', async () => {
    const fake = await mastodonFake();
    fake.faults.next(5, '429', { path: '/api/v1/accounts/verify_credentials' });
    const slept: number[] = [];
    const config = parseConfig(stringify(configTree('https://matrix.example.social', fake, 'admin')), {});
    const lines = await checkInstance(config, pino({ level: 'silent' }), {
      now: () => fake.clock.now(),
      sleep: async (ms) => {
        slept.push(ms);
        fake.clock.advance(ms);
      },
      maxRateLimitWaitMs: 600_000,
    });
    expect(slept).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ ok: false, what: 'Mastodon: token valid', fix: expect.stringMatching(/rate limit for this token is used up/) });
  });
});

describe('the Matrix part of the check and encryption', () => {
  const encrypted = [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }];
  const matrixLines = async (encryption: boolean, encryptionAvailable: boolean) => {
    const config = parseConfig(stringify({ matrix: { homeserverUrl: await homeserver(encrypted), accessToken: 'syt_matrix_secret', staffRooms: [STAFF], encryption } }), {});
    return (await checkMatrix(config, { encryptionAvailable })).map((l) => `${l.ok ? 'pass' : 'FAIL'}  ${l.what}${l.fix ? ` — ${l.fix}` : ''}`);
  };

  it('an encrypted room passes when the bot decrypts', async () => {
    expect((await matrixLines(true, true)).at(-1)).toBe(`pass  Matrix: staff room ${STAFF} encrypted; the bot decrypts it`);
  });

  it('matrix.encryption on without the crypto library fails, as the bot would refuse to start', async () => {
    const lines = await matrixLines(true, false);
    expect(lines[1]).toBe('FAIL  Matrix: end-to-end encryption (matrix.encryption is on) — the crypto library could not be loaded, so the bot will not start; set matrix.encryption to false');
    expect(lines.at(-1)).toBe(`FAIL  Matrix: staff room ${STAFF} is encrypted and the bot cannot decrypt it (the crypto library could not be loaded) — use a room without encryption, or turn on matrix.encryption in the config`);
  });
});
