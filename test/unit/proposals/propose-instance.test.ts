// Proposals checked against the instance's real block list (the Mastodon contract fake), with the decisions beside
// it: blocks that predate the bot can be lifted, covering blocks answer with what covers them and since when, and an
// instance that cannot be read is said so, with the decision log as the fallback.
import { describe, expect, it } from 'vitest';
import { propose } from '../../../bot/proposals/propose.ts';
import { pollNotice, pollSpec } from '../../../bot/wording/announcements.ts';
import { toView } from '../../../bot/proposals/view.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { logProposal } from '../../../bot/publish/log-writer.ts';
import { entriesOf } from '../../../bot/publish/log-writer.ts';
import type { ProposeInput } from '../../../bot/contracts/ports.ts';
import { blockListCaveat, refusalText } from '../../../bot/wording/refusals.ts';
import { PREFIX } from '../wording/said.ts';
import type { Action } from '../../../governance/types.ts';
import { decisionsWorld, MEMBER_ROOM, type DecisionsWorld } from '../decisions/decisions-fixture.ts';

const SINCE = '2025-03-14T09:26:53.000Z';

function input(domain: string, action: Action, eventId = `$cmd-${domain}-${action}`): ProposeInput {
  return {
    domain,
    action,
    options: { rejectMedia: false, rejectReports: false, obfuscate: false },
    evidence: [],
    proposer: '@alice:example.org',
    roomId: MEMBER_ROOM,
    eventId,
  };
}

async function refusal(w: DecisionsWorld, domain: string, action: Action): Promise<string> {
  const result = await propose(w.deps, input(domain, action));
  if (result.ok) throw new Error(`expected a refusal, proposal ${result.value.id} was made`);
  expect(w.store.proposals.listActive()).toEqual([]);
  return refusalText(result.reason, PREFIX);
}

describe('a proposal is checked against the instance', () => {
  it('lets a block that predates the bot be lifted, and says so in the poll, the notice and the log', async () => {
    const w = await decisionsWorld();
    w.fake.state.addBlock({ domain: 'threads.net', severity: 'suspend', created_at: SINCE });
    const result = await propose(w.deps, input('threads.net', 'lift'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ state: 'open', priorBlock: { action: 'suspend', since: SINCE, byVote: false } });
    expect(result.value.blockListUnread).toBeUndefined();
    const view = toView(w.store, w.store.proposals.get(result.value.id)!);
    expect(pollSpec(view).question).toBe('Proposal 1: lift the block of threads.net (blocked on the instance since 2025-03-14, not by a vote here)?');
    expect(renderMessage(pollNotice(view, 3, '!moot', w.deps.now())).body).toContain(
      'threads.net is blocked on the instance since 2025-03-14, not by a vote here: this vote is on lifting that block.',
    );
    // The log entry of the decision names the block it lifts.
    w.store.proposals.advance(view.id, { type: 'close' }, { fields: { closedAt: w.deps.now() } });
    w.store.proposals.advance(view.id, { type: 'count', outcome: 'approved' });
    logProposal(w.store, w.store.proposals.get(view.id)!);
    expect(entriesOf(w.store).at(-1)).toMatchObject({ kind: 'decision', action: 'lift', priorBlock: { action: 'suspend', since: SINCE } });
  });

  it('answers a subdomain of a suspended parent with what covers it and since when', async () => {
    const w = await decisionsWorld();
    w.fake.state.addBlock({ domain: 'example.com', severity: 'suspend', created_at: SINCE });
    expect(await refusal(w, 'sub.example.com', 'suspend')).toBe(
      'sub.example.com is already covered by the suspend of example.com on the instance since 2025-03-14 (not by a vote here).',
    );
    expect(await refusal(w, 'sub.example.com', 'limit')).toBe(
      'sub.example.com is already covered by the suspend of example.com on the instance since 2025-03-14 (not by a vote here).',
    );
  });

  it('answers a domain the instance already suspends, and a lift of a subdomain that has no block of its own', async () => {
    const w = await decisionsWorld();
    w.fake.state.addBlock({ domain: 'threads.net', severity: 'suspend', created_at: SINCE });
    expect(await refusal(w, 'threads.net', 'suspend')).toBe('threads.net is already suspended on the instance since 2025-03-14 (not by a vote here).');
    expect(await refusal(w, 'threads.net', 'limit')).toBe('threads.net is already suspended on the instance since 2025-03-14 (not by a vote here).');
    expect(await refusal(w, 'www.threads.net', 'lift')).toBe(
      'www.threads.net is not blocked itself; it is covered by the block of threads.net on the instance since 2025-03-14 (not by a vote here). Propose to lift threads.net instead.',
    );
  });

  it('names the decision that made a block', async () => {
    const w = await decisionsWorld();
    const decided = w.approved({ domain: 'spam.example', action: 'suspend' });
    w.store.proposals.advance(decided.id, { type: 'start_apply' });
    w.store.proposals.advance(decided.id, { type: 'applied' }, { fields: { appliedAt: w.deps.now() } });
    w.fake.state.addBlock({ domain: 'spam.example', severity: 'suspend', created_at: SINCE });
    expect(await refusal(w, 'spam.example', 'suspend')).toBe('spam.example is already suspended on the instance since 2025-03-14 (proposal 1).');
  });

  it('raises a domain the instance limits to a suspend, shown as from limit to suspend', async () => {
    const w = await decisionsWorld();
    w.fake.state.addBlock({ domain: 'loud.example', severity: 'silence', created_at: SINCE });
    const result = await propose(w.deps, input('loud.example', 'suspend'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.priorBlock).toEqual({ action: 'limit', since: SINCE, byVote: false });
    const view = toView(w.store, w.store.proposals.get(result.value.id)!);
    expect(pollSpec(view).question).toBe('Proposal 1: suspend loud.example (from limit to suspend)?');
    expect(renderMessage(pollNotice(view, 3, '!moot', w.deps.now())).body).toContain(
      'loud.example is limited on the instance since 2025-03-14, not by a vote here: this vote is on going from limit to suspend.',
    );
  });

  it('refuses a lift of what the instance does not block, even when the log says a block stands', async () => {
    const w = await decisionsWorld();
    expect(await refusal(w, 'threads.net', 'lift')).toBe('threads.net is not blocked on the instance, so there is nothing to lift.');
    const decided = w.approved({ domain: 'gone.example', action: 'suspend' });
    w.store.proposals.advance(decided.id, { type: 'start_apply' });
    w.store.proposals.advance(decided.id, { type: 'applied' }, { fields: { appliedAt: w.deps.now() } });
    expect(await refusal(w, 'gone.example', 'lift')).toBe(
      'gone.example is not blocked on the instance, so there is nothing to lift. The decision log says proposal 1 blocked it; staff see the difference with !moot sync.',
    );
  });

  it('refuses what is decided but not applied yet, and lets such a decision be lifted again', async () => {
    const w = await decisionsWorld();
    w.approved({ domain: 'soon.example', action: 'suspend' });
    expect(await refusal(w, 'soon.example', 'suspend')).toBe(
      'soon.example is already decided: proposal 1 (suspend soon.example) is approved and waits to be applied.',
    );
    const lift = await propose(w.deps, input('soon.example', 'lift'));
    expect(lift).toMatchObject({ ok: true, value: { state: 'open' } });
  });

  it('says when the instance cannot be read, and falls back to the decision log', async () => {
    const w = await decisionsWorld({ fake: { rateLimit: false } });
    const decided = w.approved({ domain: 'spam.example', action: 'suspend' });
    w.store.proposals.advance(decided.id, { type: 'start_apply' });
    w.store.proposals.advance(decided.id, { type: 'applied' }, { fields: { appliedAt: w.deps.now() } });
    w.fake.faults.next(50, '500', { path: '/api/v1/admin/domain_blocks' });
    const refused = await refusal(w, 'spam.example', 'suspend');
    expect(refused).toMatch(
      /^spam\.example is already suspended \(proposal 1\)\. I could not read the instance's block list \(.+\), so this was checked against the decision log only\.$/,
    );
    w.fake.faults.next(50, '500', { path: '/api/v1/admin/domain_blocks' });
    const opened = await propose(w.deps, input('new.example', 'suspend'));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const caveat = blockListCaveat(opened.value.blockListUnread!);
    expect(caveat).toMatch(/^I could not read the instance's block list \(.+\), so this was checked against the decision log only\.$/);
    expect(caveat).not.toContain(w.config.accessToken);
  });
});
