// The instance part of `fedimoot check` against a real GoToSocial: an admin's token passes (no measures there is not
// a failure), a plain user's token and a token without admin scopes fail with the fix in words.
import { describe, expect, inject, it } from 'vitest';
import pino from 'pino';
import { stringify } from 'yaml';
import { parseConfig } from '../../bot/config/index.ts';
import { checkInstance } from '../../commands/cli/check-instance.ts';
import { obtainAccessToken } from '../servers/gotosocial.ts';

const gts = inject('gotosocial');

async function check(accessToken: string) {
  const config = parseConfig(stringify({
    matrix: { homeserverUrl: 'https://matrix.example.social', accessToken: 'syt_unused', staffRooms: ['!staff:example.social'] },
    mastodon: { url: gts.url, accessToken },
  }), {});
  const lines = await checkInstance(config, pino({ level: 'silent' }));
  const text = lines.map((l) => `${l.ok ? 'pass' : 'FAIL'}  ${l.what}${l.fix ? ` — ${l.fix}` : ''}`);
  expect(text.join('\n')).not.toContain(accessToken);
  return text;
}

describe('fedimoot check on GoToSocial', () => {
  it("passes for an admin's token", async () => {
    const lines = await check(gts.adminToken);
    expect(lines[0]).toBe(`pass  Mastodon: ${gts.url} reachable (gotosocial)`);
    expect(lines[1]).toMatch(/^pass {2}Mastodon: token valid \(account @\w+\)$/);
    expect(lines[2]).toMatch(/^pass {2}Mastodon: token may read domain blocks \(\d+ on the server\)$/);
    expect(lines.slice(3)).toEqual([
      'pass  Mastodon: token may change domain blocks (admin:write:domain_blocks scope)',
      'pass  Mastodon: impact figures are not available on this server (polls go without them)',
    ]);
  });

  it("fails for a plain user's token, saying the account is not an admin", async () => {
    const lines = await check(gts.users.alice.token);
    expect(lines[1]).toBe('pass  Mastodon: token valid (account @alice)');
    expect(lines[2]).toMatch(/^FAIL {2}Mastodon: token may read domain blocks — the token's account @alice is not an admin on this server \(it answered "Forbidden: user \w+ not an admin"\); promote it/);
    expect(lines[3]).toMatch(/^FAIL {2}Mastodon: token may change domain blocks — the token's account @alice is not an admin on this server/);
  });

  it('fails for an admin token without admin scopes, naming the scope', async () => {
    const lines = await check(await obtainAccessToken(gts.url, gts.adminEmail, gts.adminPassword, 'read'));
    expect(lines[2]).toMatch(/^FAIL {2}Mastodon: token may read domain blocks — the token lacks the admin:read:domain_blocks \(or admin:read\) scope/);
    expect(lines[3]).toMatch(/^FAIL {2}Mastodon: token may change domain blocks — the token lacks the admin:write:domain_blocks scope/);
  });

  it('an unknown token is invalid', async () => {
    const lines = await check('not-a-token');
    expect(lines.slice(1)).toEqual(['FAIL  Mastodon: token valid — the token is invalid or revoked; create a new one and put it in mastodon.accessToken']);
  });
});
