// `!moot propose … --then … --after … --review …`: parsed by the typed arguments, refused in words when wrong, kept
// with the proposal, stated in the poll question, the notice and the log entry.
import { describe, expect, it } from 'vitest';
import { propose } from '../../../bot/proposals/propose.ts';
import { pollNotice, pollSpec } from '../../../bot/wording/announcements.ts';
import { toView } from '../../../bot/proposals/view.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { entriesOf, logProposal } from '../../../bot/publish/log-writer.ts';
import { parseArgs } from '../../../commands/chat/parse-args.ts';
import { proposeCommand } from '../../../commands/chat/propose.ts';
import type { ProposalActions } from '../../../bot/contracts/ports.ts';
import type { CommandContext } from '../../../bot/contracts/spec.ts';
import { decisionsWorld, MEMBER_ROOM, type DecisionsWorld } from '../decisions/decisions-fixture.ts';

const DAY = 86_400_000;

async function say(w: DecisionsWorld, line: string): Promise<string | undefined> {
  const parsed = parseArgs(proposeCommand, line.split(' '));
  if (!parsed.ok) return parsed.reason;
  const ctx = {
    sender: '@alice:example.org',
    roomId: MEMBER_ROOM,
    eventId: `$cmd-${line}`,
    eventTs: w.deps.now(),
    roomKind: 'member',
    isStaff: async () => false,
    settings: { prefix: '!moot', whoMayPropose: 'members' },
    proposals: { propose: (input) => propose(w.deps, input) } as ProposalActions,
  } as CommandContext;
  const reply = await proposeCommand.run(ctx, parsed.parsed);
  return 'message' in reply && reply.message ? renderMessage(reply.message).body : undefined;
}

describe('a staged proposal', () => {
  it('is kept with both stages and its review, and the poll, the notice and the log entry state them', async () => {
    const w = await decisionsWorld();
    expect(await say(w, 'x.example limit --then suspend --after 30d --review 1y')).toBeUndefined();
    const record = w.store.proposals.listActive()[0]!;
    expect(w.store.plans.get(record.id)).toMatchObject({ secondStage: { action: 'suspend', afterMs: 30 * DAY, status: 'pending' }, reviewAfterMs: 365 * DAY });
    const view = toView(w.store, record);
    expect(pollSpec(view).question).toBe('Proposal 1: limit x.example (then suspend 30d after the limit is applied)?');
    const notice = renderMessage(pollNotice(view, 3, '!moot', w.deps.now())).body;
    expect(notice).toContain('Two stages: a yes approves limit now and suspend 30d after the limit is applied, unless a later approved vote on x.example decides otherwise first.');
    expect(notice).toContain('If approved, the rooms are asked to reconsider it 365d after the vote.');
    const closedAt = w.deps.now();
    w.store.proposals.advance(view.id, { type: 'close' }, { fields: { closedAt } });
    w.store.proposals.advance(view.id, { type: 'count', outcome: 'approved' });
    logProposal(w.store, w.store.proposals.get(view.id)!);
    expect(entriesOf(w.store).at(-1)).toMatchObject({
      kind: 'decision',
      action: 'limit',
      secondStage: { action: 'suspend', after: '30d' },
      reviewAt: new Date(closedAt + 365 * DAY).toISOString(),
    });
  });

  it('takes governance.reviewAfter for the review date when the proposal has none; none at all by default', async () => {
    const w = await decisionsWorld();
    expect(await say(w, 'y.example suspend')).toBeUndefined();
    const id = w.store.proposals.listActive()[0]!.id;
    w.store.proposals.advance(id, { type: 'close' }, { fields: { closedAt: w.deps.now() } });
    w.store.proposals.advance(id, { type: 'count', outcome: 'approved' });
    logProposal(w.store, w.store.proposals.get(id)!);
    const entry = entriesOf(w.store).at(-1)!;
    expect('reviewAt' in entry || 'secondStage' in entry).toBe(false);
    expect(w.store.plans.get(id)).toBeUndefined();
  });

  it.each([
    ['x.example limit --then suspend', '--then suspend needs --after, the time after the first stage is applied: write it like !moot propose x.example limit --then suspend --after 30d.'],
    ['x.example limit --after 30d', '--after says when a second stage applies, so it needs --then: write it like !moot propose x.example limit --then suspend --after 30d.'],
    ['x.example suspend --then limit --after 30d', 'A second stage must cut further than the first, and limit does not go further than suspend; a second stage exists only after a limit: write it like !moot propose x.example limit --then suspend --after 30d.'],
    ['x.example limit --then suspend --after 2h', '--after must be between 1d and 730d; 2h is outside that. Write it like --after 30d.'],
    ['x.example limit --then ban --after 30d', '--then: "ban" is not an action; use suspend, limit or lift'],
    ['x.example limit --then suspend --after soon', '--after: "soon" is not a duration; write a duration like 7d, 36h, 90m or 1d12h'],
    ['x.example suspend --review 2d', '--review must be between 7d and 1825d; 2d is outside that. Write it like --review 1y.'],
  ])('refuses `%s` saying how to write it, and records nothing', async (line, answer) => {
    const w = await decisionsWorld();
    expect(await say(w, line)).toBe(answer);
    expect(w.store.proposals.listActive()).toEqual([]);
  });
});
