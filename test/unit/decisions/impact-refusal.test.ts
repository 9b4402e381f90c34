// Issue 16, item 5: `!moot impact` with a token the instance refuses says that it refused, and how to fix the
// token, instead of "impact figures are not available on this server" (kept for a server without measures).
import { describe, expect, it } from 'vitest';
import { IMPACT_NEEDS, instanceActions } from '../../../bot/decisions/service.ts';
import { InstanceError } from '../../../bot/mastodon/gateway.ts';
import { isRefusal, refusalOf } from '../../../bot/mastodon/refusal.ts';
import { refusalText } from '../../../bot/wording/refusals.ts';
import { PREFIX, said } from '../wording/said.ts';
import { noticeExtras } from '../../../bot/proposals/notice-extras.ts';
import { toView } from '../../../bot/proposals/view.ts';
import { setup } from '../mastodon/gateway-fixture.ts';
import { configWith, proposalWorld } from '../proposals/proposal-deps.ts';
import { MASTODON_TOKEN } from '../config/config-fixtures.ts';

async function impactWith(token: string) {
  const { gateway } = await setup({}, { token });
  const world = proposalWorld(configWith({ mastodon: { url: 'https://example.social', accessToken: MASTODON_TOKEN } }));
  world.deps.instance = gateway;
  return { world, actions: instanceActions(world.deps)! };
}

describe('impact with a refused token', () => {
  it('a token without admin:read: the instance refused, and which scope to add', async () => {
    const { actions } = await impactWith('noAdminScopes');
    expect(said(await actions.impact('threads.net'))).toEqual({
      ok: false,
      reason: "The instance refused to give the impact figures (it answered 403 This action is outside the authorized scopes): the bot's token needs the admin:read scope, and its account the View Dashboard permission; fedimoot check -c config.yaml says which is missing.",
    });
  });

  it('an account without the right: the same, from the instance\'s words', async () => {
    const { actions } = await impactWith('user');
    const result = said(await actions.impact('threads.net'));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^The instance refused to give the impact figures \(it answered 403 .+\): the bot's token needs/) });
    expect(JSON.stringify(result)).not.toContain('not available');
  });

  it('a token the instance does not know (401): put a valid one in mastodon.accessToken', () => {
    const error = new InstanceError('permanent', 'reading the impact figures of threads.net: the instance answered 401 The access token is invalid', 401);
    expect(isRefusal(error)).toBe(true);
    expect(refusalText(refusalOf(error, 'give the impact figures', IMPACT_NEEDS), PREFIX)).toBe(
      "The instance refused to give the impact figures (it answered 401 The access token is invalid): the bot's token is not accepted (revoked, expired or mistyped): put a valid admin token in mastodon.accessToken; fedimoot check -c config.yaml says which is missing.",
    );
    expect(isRefusal(new InstanceError('permanent', 'gone', 404))).toBe(false);
  });

  it('the poll notice says the token was refused, not that the server has no figures', async () => {
    const { world } = await impactWith('noAdminScopes');
    const p = world.open();
    const lines = await noticeExtras(world.deps, toView(world.deps.store, p));
    expect(lines[0]).toBe("Impact of a block: not shown, the instance refused the bot's token (403); staff can run fedimoot check.");
  });
});
