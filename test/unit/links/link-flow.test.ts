// `!moot link` / `verify` / `unlink` against the Mastodon contract fake, on the fake's clock: what a member is told,
// and what ends up linked.
import { describe, expect, it } from 'vitest';
import { linkActions, MAX_ATTEMPTS_PER_CODE, MAX_CODES_PER_HOUR } from '../../../bot/links/service.ts';
import type { Result } from '../../../bot/contracts/ports.ts';
import type { LinkDone } from '../../../bot/contracts/pledge-ports.ts';
import type { LinkRefusal } from '../../../bot/contracts/refusals.ts';
import { linkDoneWords } from '../../../bot/wording/link-words.ts';
import { refusalText } from '../../../bot/wording/refusals.ts';
import { PREFIX } from '../wording/said.ts';
import { setup } from '../mastodon/gateway-fixture.ts';
import { clockOver, testDeps } from '../pledges/deps-fixture.ts';

const M0 = '@m0:example.social';
const M1 = '@m1:example.social';
const HOUR = 60 * 60_000;

async function world() {
  const { fake, gateway, config } = await setup();
  const deps = testDeps({ clock: clockOver(fake.clock), instance: gateway, mastodon: { url: config.url, accessToken: config.accessToken } });
  const links = linkActions(deps, gateway);
  /** The code in the newest direct status the bot posted to `acct`. */
  const lastCode = (acct = 'alice') => {
    const status = fake.state.statuses.filter((s) => s.visibility === 'direct' && s.mentions.includes(acct)).at(-1);
    return /Your fedimoot code is ([A-Z0-9]{8})/.exec(status?.text ?? '')?.[1] ?? '';
  };
  return { fake, deps, links, lastCode };
}

const said = (result: Result<LinkDone, LinkRefusal>) => (result.ok ? linkDoneWords(result.value, PREFIX) : refusalText(result.reason, PREFIX));

describe('linking a Matrix account to a local account', () => {
  it('sends a code by direct status and links with the right one', async () => {
    const { deps, links, lastCode } = await world();
    expect(said(await links.link(M0, '@alice'))).toBe('I sent a code to @alice as a direct message on the instance. Write !moot verify <code> here within an hour.');
    const code = lastCode();
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(said(await links.verify(M0, 'WRONGCOD'))).toBe('That code is not right. Check the direct message on the instance and try again.');
    expect(deps.store.links.byMatrixUser(M0)).toBeUndefined();
    expect(said(await links.verify(M0, code.toLowerCase()))).toBe('Linked: your Matrix account now stands for @alice on the instance.');
    expect(deps.store.links.byMatrixUser(M0)).toMatchObject({ acct: 'alice' });
  });

  it('refuses a used code', async () => {
    const { links, lastCode } = await world();
    await links.link(M0, 'alice');
    const code = lastCode();
    expect((await links.verify(M0, code)).ok).toBe(true);
    expect(said(await links.verify(M0, code))).toBe('You have no code waiting (it expired or was used). Start with !moot link @you@your.instance');
  });

  it('refuses a code after an hour', async () => {
    const { fake, deps, links, lastCode } = await world();
    await links.link(M0, '@alice');
    fake.clock.advance(HOUR);
    expect(said(await links.verify(M0, lastCode()))).toMatch(/^You have no code waiting \(it expired or was used\)/);
    expect(deps.store.links.byMatrixUser(M0)).toBeUndefined();
  });

  it('accepts a code just before the hour is over', async () => {
    const { fake, links, lastCode } = await world();
    await links.link(M0, '@alice');
    fake.clock.advance(HOUR - 1_000);
    expect(said(await links.verify(M0, lastCode()))).toMatch(/^Linked/);
  });

  it(`stops a code after ${MAX_ATTEMPTS_PER_CODE} wrong tries, even when the next one is right`, async () => {
    const { deps, links, lastCode } = await world();
    await links.link(M0, '@alice');
    for (let i = 0; i < MAX_ATTEMPTS_PER_CODE; i++) expect(said(await links.verify(M0, 'WRONGCOD'))).toMatch(/^That code is not right/);
    expect(said(await links.verify(M0, lastCode()))).toBe('Too many wrong tries for this code; ask for a new one with !moot link.');
    expect(deps.store.links.byMatrixUser(M0)).toBeUndefined();
  });

  it(`sends each user at most ${MAX_CODES_PER_HOUR} codes an hour`, async () => {
    const { fake, links } = await world();
    const sent = () => fake.state.statuses.filter((s) => s.visibility === 'direct').length;
    for (let i = 0; i < MAX_CODES_PER_HOUR; i++) expect((await links.link(M0, '@alice')).ok).toBe(true);
    expect(said(await links.link(M0, '@alice'))).toBe('You asked for 3 codes in the last hour; wait a while before asking again.');
    expect(sent()).toBe(MAX_CODES_PER_HOUR);
    // Another member is not held back by it.
    expect((await links.link(M1, '@alice')).ok).toBe(true);
    fake.clock.advance(HOUR);
    expect((await links.link(M0, '@alice')).ok).toBe(true);
    expect(sent()).toBe(MAX_CODES_PER_HOUR + 2);
  });

  it('refuses an account on another instance in words, without looking it up', async () => {
    const { fake, links } = await world();
    fake.state.addAccount({ username: 'alice', domain: 'other.instance' });
    const before = fake.requests.length;
    expect(said(await links.link(M0, '@alice@other.instance'))).toBe(
      '@alice@other.instance is an account on another instance (other.instance); only accounts on this instance (fake.social) can be linked.',
    );
    expect(fake.requests.slice(before).filter((r) => r.path === '/api/v1/accounts/lookup')).toEqual([]);
    expect(fake.state.statuses).toEqual([]);
  });

  it("takes the instance's own domain in a handle, also when it differs from the API address", async () => {
    const { links } = await world();
    expect(said(await links.link(M0, '@alice@Fake.Social'))).toMatch(/^I sent a code to @alice /);
  });

  it('says so when an account does not exist', async () => {
    const { links } = await world();
    expect(said(await links.link(M0, '@nobody'))).toBe('There is no account nobody on the instance.');
    expect(said(await links.link(M0, 'not a handle'))).toBe('"not a handle" is not an account handle. Write it like !moot link @alice@your.instance');
  });

  it('refuses an instance account already linked to another Matrix account, at link and at verify', async () => {
    const { deps, links, lastCode } = await world();
    await links.link(M1, '@alice');
    const lateCode = lastCode();
    await links.link(M0, '@alice');
    expect((await links.verify(M0, lastCode())).ok).toBe(true);
    expect(said(await links.link(M1, '@alice'))).toBe('@alice is already linked to another Matrix account.');
    // A code asked for before the other member linked does not take the account over either.
    expect(said(await links.verify(M1, lateCode))).toBe('@alice is already linked to another Matrix account.');
    expect(deps.store.links.byAcct('alice')).toMatchObject({ matrixUserId: M0 });
  });

  it('unlinks, after which another Matrix account may link it', async () => {
    const { deps, links, lastCode } = await world();
    await links.link(M0, '@alice');
    await links.verify(M0, lastCode());
    deps.store.personal.saveList(M0, 'threads.net', ['ana@threads.net']);
    deps.store.personal.setNotify(M0, false);
    expect(said(links.unlink(M0))).toBe('Unlinked from @alice.');
    // What the bot kept for the member goes with the link.
    expect(deps.store.personal.lists()).toEqual([]);
    expect(deps.store.personal.notifies(M0)).toBe(true);
    expect(said(links.unlink(M0))).toBe('Your Matrix account is not linked.');
    await links.link(M1, '@alice');
    expect(said(await links.verify(M1, lastCode()))).toMatch(/^Linked/);
    expect(deps.store.links.byAcct('alice')).toMatchObject({ matrixUserId: M1 });
  });
});
