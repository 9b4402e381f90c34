// Pledges following decisions: at risk while a proposal that would break them is under way (also for a pledge made
// after it opened), active again only when none is left, released once, and each pledger told once by the decision
// that released their pledge.
import { describe, expect, it } from 'vitest';
import { pledgeHook } from '../../../bot/pledges/hook.ts';
import { pledgeActions } from '../../../bot/pledges/service.ts';
import { pledgeDoneWords } from '../../../bot/wording/pledge-words.ts';
import { refusalText } from '../../../bot/wording/refusals.ts';
import { PREFIX } from '../wording/said.ts';
import type { DirectMessages } from '../../../bot/pledges/direct.ts';
import type { Message } from '../../../bot/contracts/message.ts';
import type { Action } from '../../../governance/types.ts';
import { fakeClock, newProposal } from '../storage/storage-fixtures.ts';
import { MEMBER_ROOM, testDeps } from './deps-fixture.ts';

const M0 = '@m0:example.social';
const M1 = '@m1:example.social';

function world() {
  const deps = testDeps({ clock: fakeClock() });
  const sent: { user: string; text: string; key: string }[] = [];
  let failNext = false;
  const dm: DirectMessages = {
    async send(user: string, msg: Message, key: string) {
      if (failNext) {
        failNext = false;
        throw new Error('homeserver down');
      }
      sent.push({ user, text: JSON.stringify(msg), key });
    },
  };
  const actions = pledgeActions(deps);
  const hook = pledgeHook(deps, dm);
  const store = deps.store;
  let events = 0;
  const pledge = (pledger: string, terms: string, condition?: { whileBlocked?: string; whileSuspended?: string }) => {
    const result = actions.pledge({ pledger, terms: terms.split(' '), eventId: `$e${++events}`, ...condition });
    if (!result.ok) throw new Error(refusalText(result.reason, PREFIX));
    return pledgeDoneWords(result.value);
  };
  const status = (id: number) => store.pledges.get(id)?.status;
  async function open(domain: string, action: Action): Promise<number> {
    const { proposal } = store.proposals.create(newProposal({ domain, action, originEventId: `$p${++events}` }));
    store.proposals.advance(proposal.id, { type: 'open' }, { fields: { openedAt: deps.now(), deadlineAt: deps.now() + 1 } });
    await hook.on('opened', proposal.id);
    return proposal.id;
  }
  async function count(id: number, outcome: 'approved' | 'rejected' | 'no_quorum'): Promise<void> {
    store.proposals.advance(id, { type: 'close' }, { fields: { closedAt: deps.now() } });
    store.proposals.advance(id, { type: 'count', outcome });
    await hook.on('counted', id);
  }
  async function apply(id: number): Promise<void> {
    store.proposals.advance(id, { type: 'start_apply' });
    store.proposals.advance(id, { type: 'applied' }, { fields: { appliedAt: deps.now() } });
    await hook.on('applied', id);
  }
  /** The announcement queued for the member room when proposal `id` released pledges. */
  const releaseNotice = (id: number) => (store.jobs.getByKey(`notice:pledges-released:${id}:${MEMBER_ROOM}`)?.payload.paragraphs as string[] | undefined)?.join(' ');
  return { deps, store, sent, hook, pledge, status, open, count, apply, releaseNotice, failNextDm: () => void (failNext = true) };
}

describe('at risk', () => {
  it('a pledge made while a lift of its domain is open is at risk at once, and active again when the lift fails', async () => {
    const w = world();
    const lift = await w.open('threads.net', 'lift');
    expect(w.pledge(M0, '5 EUR', { whileBlocked: 'threads.net' })).toBe(
      'Thank you: your pledge #1 is recorded: €5.00 a month as long as threads.net stays blocked. It is at risk while proposal 1 (lift threads.net) is under way. Only you and staff see it; everyone else sees totals.',
    );
    expect(w.pledge(M0, '5 EUR', { whileBlocked: 'other.net' })).toBe('Thank you: your pledge #2 is recorded: €5.00 a month as long as other.net stays blocked. Only you and staff see it; everyone else sees totals.');
    expect(w.pledge(M0, '5 EUR')).toBe('Thank you: your pledge #3 is recorded: €5.00 a month. Only you and staff see it; everyone else sees totals.');
    await w.count(lift, 'rejected');
    expect([w.status(1), w.status(2), w.status(3)]).toEqual(['active', 'active', 'active']);
  });

  it('stays at risk while a second threat is still open, and is active once both have failed', async () => {
    const w = world();
    w.pledge(M0, '5 EUR', { whileBlocked: 'a.example.com' });
    const child = await w.open('a.example.com', 'lift');
    const parent = await w.open('example.com', 'lift');
    expect(w.status(1)).toBe('at_risk');
    await w.count(child, 'rejected');
    expect(w.status(1)).toBe('at_risk');
    w.store.proposals.advance(parent, { type: 'withdraw' }, { fields: { closedAt: w.deps.now() } });
    await w.hook.on('ended', parent);
    expect(w.status(1)).toBe('active');
  });

  it('a limit threatens only pledges that require a suspension', async () => {
    const w = world();
    w.pledge(M0, '5 EUR', { whileSuspended: 'threads.net' });
    w.pledge(M1, '5 EUR', { whileBlocked: 'threads.net' });
    const limit = await w.open('threads.net', 'limit');
    expect([w.status(1), w.status(2)]).toEqual(['at_risk', 'active']);
    expect(w.pledge(M1, '7 EUR', { whileSuspended: 'threads.net' })).toMatch(/is recorded: €7\.00 a month as long as threads\.net stays suspended\. It is at risk while proposal 1 \(limit threads\.net\)/);
    await w.count(limit, 'no_quorum');
    expect([w.status(1), w.status(2), w.status(3)]).toEqual(['active', 'active', 'active']);
  });

  it('a pledge made after a lift was approved, before it is applied, is at risk and then released', async () => {
    const w = world();
    const lift = await w.open('threads.net', 'lift');
    await w.count(lift, 'approved');
    expect(w.pledge(M0, '5 EUR', { whileBlocked: 'threads.net' })).toMatch(/is recorded: .* It is at risk while proposal 1 \(lift threads\.net\)/);
    await w.apply(lift);
    expect(w.status(1)).toBe('released');
    expect(w.sent.map((s) => s.user)).toEqual([M0]);
  });
});

describe('released', () => {
  it('tells each pledger once, also when the milestone runs again', async () => {
    const w = world();
    w.pledge(M0, '5 EUR', { whileBlocked: 'threads.net' });
    w.pledge(M1, '12 EUR yearly', { whileBlocked: 'threads.net' });
    w.pledge(M1, '3 EUR');
    const lift = await w.open('threads.net', 'lift');
    await w.count(lift, 'approved');
    await w.apply(lift);
    expect(w.sent.map((s) => [s.user, s.key])).toEqual([[M0, 'pledge-released-1'], [M1, 'pledge-released-2']]);
    expect(w.sent[0]!.text).toContain('Your pledge #1: €5.00 a month as long as threads.net stays blocked (released) is released: proposal 1 (lift threads.net) was decided and applied.');
    expect(w.releaseNotice(lift)).toBe('Proposal 1 (lift threads.net) is applied, which releases 2 pledges: €6.00/month (€12.00 a year among it) from 2 pledges. Each pledger was told.');
    await w.hook.on('applied', lift);
    expect(w.sent).toHaveLength(2);
    expect(w.status(3)).toBe('active');
  });

  it('a later decision on the same domain tells only the pledgers it released', async () => {
    const w = world();
    w.pledge(M0, '5 EUR', { whileBlocked: 'threads.net' });
    const first = await w.open('threads.net', 'lift');
    await w.count(first, 'approved');
    await w.apply(first);
    const suspend = await w.open('threads.net', 'suspend');
    await w.count(suspend, 'approved');
    await w.apply(suspend);
    w.pledge(M1, '8 EUR', { whileBlocked: 'threads.net' });
    const second = await w.open('threads.net', 'lift');
    await w.count(second, 'approved');
    await w.apply(second);
    expect(w.sent.map((s) => [s.user, s.key])).toEqual([[M0, 'pledge-released-1'], [M1, 'pledge-released-2']]);
    expect(w.sent[1]!.text).toContain('proposal 3 (lift threads.net)');
    expect(w.releaseNotice(second)).toMatch(/^Proposal 3 \(lift threads\.net\) is applied, which releases 1 pledge: €8\.00\/month/);
  });

  it('a decision with nothing left to release tells nobody', async () => {
    const w = world();
    w.pledge(M0, '5 EUR', { whileBlocked: 'example.com' });
    const child = await w.open('example.com', 'lift');
    await w.count(child, 'approved');
    await w.apply(child);
    const again = await w.open('example.com', 'lift');
    await w.count(again, 'approved');
    await w.apply(again);
    expect(w.sent).toHaveLength(1);
    expect(w.releaseNotice(again)).toBeUndefined();
  });

  it('after a failed direct message, the re-run tells the pledgers this decision released', async () => {
    const w = world();
    w.pledge(M0, '5 EUR', { whileBlocked: 'threads.net' });
    const lift = await w.open('threads.net', 'lift');
    await w.count(lift, 'approved');
    w.failNextDm();
    await expect(w.apply(lift)).rejects.toThrow('homeserver down');
    expect(w.status(1)).toBe('released');
    await w.hook.on('applied', lift);
    expect(w.sent.map((s) => s.user)).toEqual([M0]);
  });
});
