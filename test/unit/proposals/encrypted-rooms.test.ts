import { describe, expect, it } from 'vitest';
import { said } from '../wording/said.ts';
import { noticeNoPoll, noticeNoPollToStaff, openProposal, rulesInForce } from '../../../bot/proposals/open-poll.ts';
import { announceResult, finishClose, isIncompleteCount } from '../../../bot/proposals/close.ts';
import { handleEncryptedEvent, ENCRYPTED_NOTICE_INTERVAL_MS } from '../../../bot/matrix/encrypted-intake.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { warnRoomTurnedEncrypted } from '../../../bot/proposals/room-turned-encrypted.ts';
import { newProposal, vote } from '../storage/storage-fixtures.ts';
import { configWith, MEMBER_ROOM, proposalWorld, type ProposalWorld } from './proposal-deps.ts';

const ENCRYPTED_ROOM = '!secret:example.social';
const STAFF_ROOM = '!staff:example.org';
const FIX = 'use a room without encryption, or turn on matrix.encryption in the config';
const ALICE = '@alice:example.social';
const BOB = '@bob:example.social';

/** A world whose member rooms are the plain MEMBER_ROOM and ENCRYPTED_ROOM, which the bot cannot read. */
function encryptedWorld(encrypted: readonly string[] = [ENCRYPTED_ROOM]): ProposalWorld {
  const world = proposalWorld();
  world.deps.memberRoomIds = [MEMBER_ROOM, ENCRYPTED_ROOM];
  world.deps.readability = { isReadable: (roomId) => !encrypted.includes(roomId) };
  world.deps.rooms.joinedMembers = async (roomId) => (roomId === ENCRYPTED_ROOM ? [BOB] : [ALICE]);
  return world;
}

describe('opening a proposal with rooms the bot cannot read', () => {
  it('opens polls only in readable rooms; members of the encrypted room stay eligible; the room and staff are told', async () => {
    const world = encryptedWorld();
    const { store } = world.deps;
    const { proposal } = store.proposals.create(newProposal());
    const opened = await openProposal(world.deps, proposal.id);
    expect(opened.ok).toBe(true);
    expect(store.polls.forProposal(proposal.id).map((p) => p.roomId).sort()).toEqual([STAFF_ROOM, MEMBER_ROOM].sort());
    expect(store.eligibility.list(proposal.id).sort()).toEqual([ALICE, BOB]);
    const kinds = store.jobs.listForProposal(proposal.id).map((j) => j.kind);
    expect(kinds).toContain('no_poll_notice');
    expect(kinds).toContain('no_poll_staff_notice');

    await noticeNoPoll(world.deps, proposal.id, ENCRYPTED_ROOM);
    await noticeNoPollToStaff(world.deps, proposal.id, [ENCRYPTED_ROOM]);
    expect(world.posted.map((p) => p.roomId)).toEqual([ENCRYPTED_ROOM, STAFF_ROOM]);
    expect(world.posted[0]!.body).toMatch(/^Proposal 1 \(suspend threads\.net\) is open for voting, but not in this room: this room is encrypted/);
    expect(world.posted[0]!.body).toContain(FIX);
    expect(world.posted[1]!.body).toBe(
      `Proposal 1 (suspend threads.net) opened without a poll in an encrypted room (${ENCRYPTED_ROOM}): I cannot read encrypted ` +
        `answers there. Their members are eligible and can vote in the other rooms. To fix it, ${FIX}.`,
    );
  });

  it('does not open at all when no room is readable, and says why', async () => {
    const world = encryptedWorld([ENCRYPTED_ROOM, MEMBER_ROOM, STAFF_ROOM]);
    const { proposal } = world.deps.store.proposals.create(newProposal());
    const opened = await openProposal(world.deps, proposal.id);
    expect(said(opened)).toEqual({
      ok: false,
      reason: `Proposal 1 is recorded, but its vote cannot open: every room of the vote is encrypted, and I cannot read encrypted answers. To fix it, ${FIX}; then a second opens the vote.`,
    });
    expect(world.deps.store.proposals.get(proposal.id)!.state).toBe('proposed');
    expect(world.deps.store.polls.forProposal(proposal.id)).toEqual([]);
  });
});

describe('closing with unreadable responses', () => {
  const unreadable = (voter: string, ts: number, eventId: string) => ({ voter, ts, eventId, roomId: MEMBER_ROOM });

  it('incomplete when they could change the outcome: stays closed, no decision, staff rooms told', async () => {
    const world = proposalWorld(configWith({ governance: { quorum: { minVoters: 1, minTurnoutPercent: 0 } } }));
    const { store } = world.deps;
    const proposal = world.open([ALICE, BOB]);
    store.votes.recordVote(proposal.id, vote(ALICE, ['yes'], proposal.openedAt! + 1, { roomId: MEMBER_ROOM }));
    store.unreadable.record(proposal.id, unreadable(BOB, proposal.openedAt! + 2, '$enc1'));
    store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt: proposal.deadlineAt!, rules: rulesInForce(world.deps) } });
    await finishClose(world.deps, proposal.id);
    const record = store.proposals.get(proposal.id)!;
    expect(record.state).toBe('closed');
    expect(isIncompleteCount(record)).toBe(true);
    expect(record.tally).toEqual({ yes: 1, no: 0, abstain: 0, spoiled: 0, eligible: 2, cast: 1, unreadable: 1 });
    expect(record.resultLine).toMatch(/^Proposal 1 \(suspend threads\.net\): incomplete — yes 1 · no 0 · abstain 0 · spoiled 0 · unreadable 1 · 2 of 2 eligible voted/);
    const announced = store.jobs.listForProposal(proposal.id).filter((j) => j.kind === 'announce_result').map((j) => j.payload.roomId);
    expect(announced.sort()).toEqual([MEMBER_ROOM, STAFF_ROOM].sort());
    expect(store.jobs.listForProposal(proposal.id).some((j) => j.kind === 'milestone')).toBe(false);

    // Counting again (a retried job) changes nothing.
    await finishClose(world.deps, proposal.id);
    expect(store.proposals.get(proposal.id)!.resultLine).toBe(record.resultLine);

    await announceResult(world.deps, proposal.id, MEMBER_ROOM);
    expect(world.posted[0]!.body).toContain('The result is incomplete: 1 encrypted response could not be read');
    expect(world.posted[0]!.body).toContain('could have been approved or rejected. So there is no decision and nothing is applied.');
  });

  it('stands when they could not change it, and the result still says how many were unreadable', async () => {
    const world = proposalWorld(configWith({ governance: { quorum: { minVoters: 1, minTurnoutPercent: 0 } } }));
    const { store } = world.deps;
    const voters = ['@a:x', '@b:x', '@c:x', '@d:x', BOB];
    const proposal = world.open(voters);
    for (const voter of voters.slice(0, 4)) store.votes.recordVote(proposal.id, vote(voter, ['yes'], proposal.openedAt! + 1, { roomId: MEMBER_ROOM }));
    store.unreadable.record(proposal.id, unreadable(BOB, proposal.openedAt! + 2, '$enc2'));
    store.proposals.advance(proposal.id, { type: 'close' }, { fields: { closedAt: proposal.deadlineAt!, rules: rulesInForce(world.deps) } });
    await finishClose(world.deps, proposal.id);
    const record = store.proposals.get(proposal.id)!;
    expect(record.state).toBe('approved');
    expect(record.tally?.unreadable).toBe(1);
    await announceResult(world.deps, proposal.id, MEMBER_ROOM);
    expect(world.posted[0]!.body.split('\n\n')[1]).toBe('1 encrypted response could not be read; however they were cast, the outcome would be the same.');
  });

  it('a redacted unreadable response no longer counts', () => {
    const world = proposalWorld();
    const proposal = world.open([BOB]);
    world.deps.store.unreadable.record(proposal.id, unreadable(BOB, proposal.openedAt! + 2, '$enc3'));
    expect(world.deps.store.unreadable.markRedacted('$enc3')).toBe(true);
    expect(world.deps.store.unreadable.listFor(proposal.id)).toEqual([]);
  });
});

describe('encrypted events the bot cannot read', () => {
  function intake(world: ProposalWorld) {
    const sent: { roomId: string; body: string }[] = [];
    const deps = {
      store: world.deps.store,
      proposalDeps: world.deps,
      now: world.clock,
      sendNotice: async (roomId: string, msg: Parameters<typeof renderMessage>[0]) => {
        sent.push({ roomId, body: renderMessage(msg).body });
        return '$n';
      },
    };
    return { deps, sent };
  }
  const encrypted = (eventId: string, content: Record<string, unknown> = {}, ts = 1) => ({
    type: 'm.room.encrypted',
    sender: ALICE,
    event_id: eventId,
    origin_server_ts: ts,
    content: { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'xyz', ...content },
  });

  it('records one related to our poll as unreadable, and answers nothing', async () => {
    const world = proposalWorld();
    const proposal = world.open([ALICE]);
    const { deps, sent } = intake(world);
    await handleEncryptedEvent(deps, MEMBER_ROOM, encrypted('$r1', { 'm.relates_to': { rel_type: 'm.reference', event_id: `$start${proposal.id}` } }, proposal.openedAt! + 5), true);
    expect(world.deps.store.unreadable.listFor(proposal.id)).toEqual([{ voter: ALICE, ts: proposal.openedAt! + 5, eventId: '$r1', roomId: MEMBER_ROOM }]);
    expect(sent).toEqual([]);
  });

  it('answers a possible command once a week per room, and never reactions, edits or history', async () => {
    const world = proposalWorld();
    const { deps, sent } = intake(world);
    await handleEncryptedEvent(deps, MEMBER_ROOM, encrypted('$old'), false);
    await handleEncryptedEvent(deps, MEMBER_ROOM, encrypted('$react', { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$x' } }), true);
    await handleEncryptedEvent(deps, MEMBER_ROOM, encrypted('$edit', { 'm.relates_to': { rel_type: 'm.replace', event_id: '$x' } }), true);
    expect(sent).toEqual([]);
    await handleEncryptedEvent(deps, MEMBER_ROOM, encrypted('$c1'), true);
    await handleEncryptedEvent(deps, MEMBER_ROOM, encrypted('$c2'), true);
    await handleEncryptedEvent(deps, STAFF_ROOM, encrypted('$c3', { 'm.relates_to': { rel_type: 'm.thread', event_id: '$root' } }), true);
    expect(sent.map((s) => s.roomId)).toEqual([MEMBER_ROOM, STAFF_ROOM]);
    expect(sent[0]!.body).toBe(`I cannot read encrypted messages: end-to-end encryption is off in my config, so commands and votes sent in this room do not reach me. To use me here, ${FIX}. (I say this at most once a week in a room.)`);
    world.clock.advance(ENCRYPTED_NOTICE_INTERVAL_MS);
    await handleEncryptedEvent(deps, MEMBER_ROOM, encrypted('$c4'), true);
    expect(sent).toHaveLength(3);
  });
});

describe('a room that turned encrypted under an open poll', () => {
  it('is warned once (and staff with it), however often it is seen', async () => {
    const world = proposalWorld();
    world.open([ALICE]);
    await warnRoomTurnedEncrypted(world.deps, MEMBER_ROOM);
    await warnRoomTurnedEncrypted(world.deps, MEMBER_ROOM);
    expect(world.posted.map((p) => p.roomId)).toEqual([MEMBER_ROOM, STAFF_ROOM]);
    expect(world.posted[0]!.body).toMatch(/^This room is now encrypted, and I cannot read encrypted messages\. Answers to the open poll here \(Proposal 1 \(suspend threads\.net\)\)/);
  });

  it('says nothing where no poll is open', async () => {
    const world = proposalWorld();
    await warnRoomTurnedEncrypted(world.deps, ENCRYPTED_ROOM);
    expect(world.posted).toEqual([]);
  });
});
