// Checks, against the real Synapse, the REFERENCE.md facts about polls and rooms that fedimoot leans on.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  MatrixUser,
  POLL_END,
  POLL_RESPONSE,
  POLL_START,
  ofType,
  textMatching,
} from './support/matrix-user.ts';
import { restartSharedSynapse } from './support/synapse-control.ts';

const synapse = inject('synapse');
const run = randomBytes(3).toString('hex');
const answers = [
  { id: 'yes', text: 'Yes — suspend spam.example' },
  { id: 'no', text: 'No' },
  { id: 'abstain', text: 'Abstain' },
];

let alice: MatrixUser;
let bob: MatrixUser;
let carol: MatrixUser;
let room: string;

beforeAll(async () => {
  [alice, bob, carol] = await Promise.all(
    ['alice', 'bob', 'carol'].map((name) => MatrixUser.register(synapse, `${name}-${run}`)),
  );
  room = await alice.createRoom({ name: 'Town hall', invite: [bob.userId, carol.userId] });
  await bob.join(room);
  await carol.join(room);
});

describe('Matrix polls on Synapse', () => {
  it('accepts disclosed and undisclosed poll starts with three answers', async () => {
    for (const kind of ['disclosed', 'undisclosed'] as const) {
      const id = await alice.sendPollStart(room, 'Suspend spam.example?', answers, kind);
      const ev = await bob.getEvent(room, id);
      expect(ev.type).toBe(POLL_START);
      expect(ev.sender).toBe(alice.userId);
      const poll = ev.content[POLL_START] as { kind: string; max_selections: number; answers: { id: string }[] };
      expect(poll.kind).toBe(`org.matrix.msc3381.poll.${kind}`);
      expect(poll.max_selections).toBe(1);
      expect(poll.answers.map((a) => a.id)).toEqual(['yes', 'no', 'abstain']);
      expect(ev.content['org.matrix.msc1767.text']).toMatch(/^Suspend spam\.example\?/);
    }
  });

  it('returns responses by /relations m.reference, page by page, with origin_server_ts', async () => {
    const start = await alice.sendPollStart(room, 'Limit slow.example?', answers);
    const bobVote = await bob.sendPollResponse(room, start, ['yes']);
    const carolVote = await carol.sendPollResponse(room, start, ['no']);

    const first = await alice.relationsPage(room, start, 'm.reference', { limit: 1 });
    expect(first.chunk).toHaveLength(1);
    expect(first.next_batch).toEqual(expect.any(String));
    const second = await alice.relationsPage(room, start, 'm.reference', { limit: 1, from: first.next_batch });
    expect(second.chunk).toHaveLength(1);
    const paged = [...first.chunk, ...second.chunk];
    if (second.next_batch) {
      const third = await alice.relationsPage(room, start, 'm.reference', { limit: 1, from: second.next_batch });
      expect(third.chunk).toEqual([]);
    }
    expect(paged.map((e) => e.event_id).sort()).toEqual([bobVote, carolVote].sort());

    const all = await alice.relations(room, start, 'm.reference', { limit: 1 });
    expect(all.map((e) => e.event_id).sort()).toEqual([bobVote, carolVote].sort());
    for (const ev of all) {
      expect(ev.type).toBe(POLL_RESPONSE);
      expect(ev.origin_server_ts).toEqual(expect.any(Number));
      expect(ev.origin_server_ts).toBeGreaterThan(Date.now() - 60_000);
      expect(ev.content['m.relates_to']).toEqual({ rel_type: 'm.reference', event_id: start });
    }
    const byUser = Object.fromEntries(all.map((e) => [e.sender, (e.content[POLL_RESPONSE] as { answers: string[] }).answers]));
    expect(byUser).toEqual({ [bob.userId]: ['yes'], [carol.userId]: ['no'] });

    // The event-type filter of the endpoint works too.
    const typed = await alice.relations(room, start, 'm.reference', { eventType: POLL_RESPONSE });
    expect(typed).toHaveLength(2);
  });

  it('stores responses without validating them (unknown ids, empty lists are the counter’s business)', async () => {
    const start = await alice.sendPollStart(room, 'Lift old.example?', answers);
    const spoiled = await bob.sendPollResponse(room, start, ['maybe']);
    const unvote = await carol.sendPollResponse(room, start, []);
    const got = await alice.relations(room, start, 'm.reference');
    const answersOf = (id: string) => (got.find((e) => e.event_id === id)?.content[POLL_RESPONSE] as { answers: string[] }).answers;
    expect(answersOf(spoiled)).toEqual(['maybe']);
    expect(answersOf(unvote)).toEqual([]);
  });

  it('empties a redacted response and drops it from /relations, keeping the earlier one', async () => {
    const start = await alice.sendPollStart(room, 'Suspend redact.example?', answers);
    const earlier = await bob.sendPollResponse(room, start, ['no']);
    const later = await bob.sendPollResponse(room, start, ['yes']);
    await bob.redact(room, later, 'changed my mind');

    const redacted = await alice.getEvent(room, later);
    expect(redacted.type).toBe(POLL_RESPONSE);
    expect(redacted.content).toEqual({});
    expect(redacted.unsigned?.redacted_because).toMatchObject({ type: 'm.room.redaction', sender: bob.userId });

    const left = await alice.relations(room, start, 'm.reference');
    expect(left.map((e) => e.event_id)).toEqual([earlier]);
  });

  it('accepts the poll end event and lists it among the references', async () => {
    const start = await alice.sendPollStart(room, 'Suspend end.example?', answers);
    const vote = await bob.sendPollResponse(room, start, ['abstain']);
    const end = await alice.sendPollEnd(room, start, 'The poll has ended. Top answer: Abstain');
    const ev = await carol.getEvent(room, end);
    expect(ev.type).toBe(POLL_END);
    expect(ev.content[POLL_END]).toEqual({});
    expect(ev.content['m.relates_to']).toEqual({ rel_type: 'm.reference', event_id: start });

    const refs = await alice.relations(room, start, 'm.reference');
    expect(refs.map((e) => e.event_id).sort()).toEqual([vote, end].sort());
    const onlyEnds = await alice.relations(room, start, 'm.reference', { eventType: POLL_END });
    expect(onlyEnds.map((e) => e.event_id)).toEqual([end]);
  });
});

describe('rooms on Synapse', () => {
  it('lets a new user join a public room by alias; /joined_members lists it', async () => {
    const alias = `square-${run}`;
    const square = await alice.createRoom({ name: 'Square', preset: 'public_chat', alias });
    await alice.sendText(square, 'before dave');
    const dave = await MatrixUser.register(synapse, `dave-${run}`);
    expect(await dave.join(`#${alias}:${synapse.serverName}`)).toBe(square);
    const members = await alice.joinedMembers(square);
    expect(members.sort()).toEqual([alice.userId, dave.userId].sort());

    // waitForEvent starts at dave's join: history from before it is not offered.
    await alice.sendText(square, 'after dave');
    const first = await dave.waitForEvent(square, ofType('m.room.message'), { timeoutMs: 10_000 });
    expect(first.content.body).toBe('after dave');
  });

  it('raises a power level and delivers events to waitForEvent through /sync', async () => {
    const eventId = await alice.setPowerLevel(room, carol.userId, 50);
    const pl = await carol.waitForEvent(room, (ev) => ev.event_id === eventId, { timeoutMs: 10_000 });
    expect((pl.content.users as Record<string, number>)[carol.userId]).toBe(50);

    await alice.sendText(room, 'first');
    const reply = alice.sendText(room, 'proposal 7 opened');
    const got = await bob.waitForEvent(room, textMatching(/^proposal \d+ opened$/, alice.userId), { timeoutMs: 10_000 });
    expect(got.event_id).toBe(await reply);
    // The message passed over is still there for the next wait; after it, nothing is left.
    expect((await bob.waitForEvent(room, ofType('m.room.message'), { timeoutMs: 1500 })).content.body).toBe('first');
    await expect(bob.waitForEvent(room, ofType('m.room.message'), { timeoutMs: 1500 })).rejects.toThrow(/no matching event/);
  });

  it('keeps accounts and rooms across a Synapse restart', async () => {
    const pid = await restartSharedSynapse();
    expect(pid).toBeGreaterThan(0);
    const health = await fetch(`${synapse.url}/health`);
    expect(await health.text()).toBe('OK');
    const id = await bob.sendText(room, 'still here');
    expect((await alice.getEvent(room, id)).content.body).toBe('still here');
  });
});
