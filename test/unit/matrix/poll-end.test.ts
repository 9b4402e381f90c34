// Poll ends sent by people: staff who may end it close the vote at that moment; anyone else is told the vote goes on.
import { describe, expect, it } from 'vitest';
import type { MatrixChat } from '../../../bot/matrix/chat.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { handleRoomEvent, type RoomEvent } from '../../../bot/matrix/intake.ts';
import { intakeDeps } from './intake-deps.ts';
import { finishClose } from '../../../bot/proposals/close.ts';
import { rulesInForce } from '../../../bot/proposals/open-poll.ts';
import { MEMBER_ROOM, proposalWorld } from '../proposals/proposal-deps.ts';

const STAFF = '@admin:example.social';
const MODERATOR = '@mod:example.social';
const ALICE = '@alice:example.social';
const BOB = '@bob:example.social';

function setup() {
  const world = proposalWorld();
  const { deps } = world;
  const staffRoom = deps.staffRoomIds[0]!;
  // The staff room's members and levels; in the member room redact needs 50, which the moderator has too.
  const levels: Record<string, Record<string, number>> = {
    [staffRoom]: { [STAFF]: 100, [MODERATOR]: 0 },
    [MEMBER_ROOM]: { [STAFF]: 100, [MODERATOR]: 50 },
  };
  const requests: string[] = [];
  const replies: { roomId: string; to: string; threadRoot?: string; body: string }[] = [];
  const chat = {
    replyInThread: async (roomId: string, command: { eventId: string; threadRoot?: string }, msg: Parameters<typeof renderMessage>[0]) => {
      replies.push({ roomId, to: command.eventId, threadRoot: command.threadRoot, body: renderMessage(msg).body });
      return '$reply';
    },
    react: async () => '$reaction',
    powerLevel: async (roomId: string, userId: string) => (requests.push(`powerLevel ${roomId}`), levels[roomId]?.[userId] ?? 0),
    mayRedact: async (roomId: string, userId: string) => (requests.push(`mayRedact ${roomId}`), (levels[roomId]?.[userId] ?? 0) >= 50),
    joinedMembers: async (roomId: string) => (requests.push(`joinedMembers ${roomId}`), roomId === staffRoom ? [STAFF] : [STAFF, MODERATOR, ALICE, BOB]),
  } as unknown as Partial<MatrixChat>;
  const endsSent: string[] = [];
  deps.rooms.sendPollEnd = async (roomId) => (endsSent.push(roomId), `$botend-${roomId}`);
  const intake = intakeDeps(deps, chat);
  const proposal = world.open([STAFF, MODERATOR, ALICE, BOB]);
  deps.store.proposals.update(proposal.id, 'open', { rules: rulesInForce(deps) });
  deps.store.polls.add({ proposalId: proposal.id, roomId: staffRoom, kind: 'undisclosed', startEventId: '$staffstart' });
  const start = `$start${proposal.id}`;
  let n = 0;
  const feed = (event: Omit<RoomEvent, 'event_id'>) => {
    const full: RoomEvent = { ...event, event_id: `$ev${++n}` };
    return handleRoomEvent(intake, MEMBER_ROOM, full).then(() => full.event_id);
  };
  const relates = (to = start) => ({ 'm.relates_to': { rel_type: 'm.reference', event_id: to } });
  const end = (sender: string, ts: number, to = start, type = 'org.matrix.msc3381.poll.end') =>
    feed({ type, sender, origin_server_ts: ts, content: { ...relates(to), 'org.matrix.msc3381.poll.end': {}, body: 'ended' } });
  const respond = (sender: string, answer: string, ts: number) =>
    feed({ type: 'org.matrix.msc3381.poll.response', sender, origin_server_ts: ts, content: { ...relates(), 'org.matrix.msc3381.poll.response': { answers: [answer] } } });
  const state = () => deps.store.proposals.get(proposal.id)!;
  return { world, proposal, start, requests, replies, endsSent, end, respond, state };
}

describe('a poll end sent by someone other than the bot', () => {
  it('from staff with the redact level closes the vote at the end’s time, not when the bot read it', async () => {
    const { world, proposal, end, respond, state, endsSent } = setup();
    const endTs = world.clock() + 10 * 60_000;
    await respond(ALICE, 'yes', endTs - 1000);
    await respond(BOB, 'yes', endTs - 500);
    await respond(BOB, 'no', endTs + 1000); // sent after the end, read before it: must not count
    world.clock.advance(15 * 60_000); // the bot reads the end five minutes late
    await end(STAFF, endTs);
    expect([state().state, state().closedAt]).toEqual(['closed', endTs]);
    await finishClose(world.deps, proposal.id);
    expect(state().resultLine).toMatch(/^Proposal 1 \(suspend threads\.net\): .* — yes 2 · no 0 · abstain 0 · spoiled 0 · 2 of 4 eligible voted/);
    // The poll where staff ended it is over; the bot ends the others.
    expect(endsSent).toEqual([world.deps.staffRoomIds[0]]);
    const audit = world.deps.store.audit.list({ proposalId: proposal.id }).find((a) => a.action === 'close');
    expect(audit).toMatchObject({ actor: STAFF, roomId: MEMBER_ROOM, detail: { closedAt: endTs } });
  });

  it('from a member, or a moderator who is not staff, is answered in the poll’s thread and voting goes on', async () => {
    const { world, start, end, respond, state, replies } = setup();
    const memberEnd = await end(ALICE, world.clock() + 1000);
    const modEnd = await end(MODERATOR, world.clock() + 2000, start, 'm.poll.end');
    expect(state().state).toBe('open');
    expect(replies.map((r) => [r.to, r.threadRoot])).toEqual([[memberEnd, start], [modEnd, start]]);
    expect(replies[0]!.body).toBe(
      'Only a close by staff or the deadline ends the vote on Proposal 1 (suspend threads.net): it goes on until ' +
        '2025-06-08 12:00 UTC (in 7 days). Your client may show the poll as ended, but answers to it are still counted, ' +
        'and `!moot vote 1 yes|no|abstain` works too.',
    );
    await respond(BOB, 'yes', world.clock() + 3000);
    expect(world.deps.store.votes.tally(1).yes).toBe(1);
  });

  it('says it once per person and poll, and ignores ends of polls that are not ours or already over', async () => {
    const { world, proposal, end, replies, requests, state } = setup();
    await end(ALICE, world.clock() + 1000);
    await end(ALICE, world.clock() + 2000);
    expect(replies).toHaveLength(1);
    requests.length = 0;
    await end(STAFF, world.clock() + 3000, '$someone-elses-poll');
    expect(requests).toEqual([]);
    expect(state().state).toBe('open');
    world.deps.store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt: world.clock() } });
    await end(BOB, world.clock() + 4000);
    expect(replies).toHaveLength(1);
  });
});
