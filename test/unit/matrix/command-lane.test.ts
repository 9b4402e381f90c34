// The command lane: a command waiting on the network does not hold up the votes after it, commands still run in the
// order they came, and the sync token of their batch is saved only once they ran (a crash reads them again).
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/logger.ts';
import type { MatrixChat } from '../../../bot/matrix/chat.ts';
import { CommandLane } from '../../../bot/matrix/command-lane.ts';
import { handleRoomEvent, type RoomEvent } from '../../../bot/matrix/intake.ts';
import { POLL_RESPONSE } from '../../../bot/matrix/poll-events.ts';
import { SyncStorage } from '../../../bot/matrix/sync-storage.ts';
import { memoryStore } from '../storage/storage-fixtures.ts';
import { intakeDeps } from './intake-deps.ts';
import { MEMBER_ROOM, proposalWorld } from '../proposals/proposal-deps.ts';

const ALICE = '@alice:example.social';
const BOB = '@bob:example.social';

/** A promise and the function that settles it: the network answering when the test says so. */
function gate(): { opened: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

function world() {
  const w = proposalWorld();
  const lane = new CommandLane(createLogger({ level: 'fatal' }));
  const replies: string[] = [];
  const network = gate();
  const chat = {
    // The first reply hangs until the test lets it through, as a slow homeserver would.
    replyInThread: async (_roomId: string, command: { eventId: string }) => {
      if (replies.length === 0) await network.opened;
      replies.push(command.eventId);
      return '$reply';
    },
    react: async () => '$reaction',
    powerLevel: async () => 0,
  } as unknown as Partial<MatrixChat>;
  const intake = intakeDeps(w.deps, chat, { inLane: (task, roomId) => lane.run(task, roomId) });
  let n = 0;
  const event = (sender: string, type: string, content: Record<string, unknown>): RoomEvent => ({ type, sender, event_id: `$ev${++n}`, origin_server_ts: w.clock(), content });
  const command = (sender: string, body: string) => event(sender, 'm.room.message', { msgtype: 'm.text', body });
  const answer = (sender: string, start: string, answerId: string) =>
    event(sender, POLL_RESPONSE, { 'm.relates_to': { rel_type: 'm.reference', event_id: start }, [POLL_RESPONSE]: { answers: [answerId] } });
  return { ...w, lane, replies, network, intake, command, answer };
}

describe('the command lane', () => {
  it('records a vote that arrives while a command before it waits on the network, and answers commands in their order', async () => {
    const w = world();
    const proposal = w.open([ALICE, BOB]);
    const first = w.command(ALICE, '!moot help');
    const second = w.command(BOB, '!moot help');
    await handleRoomEvent(w.intake, MEMBER_ROOM, first);
    await handleRoomEvent(w.intake, MEMBER_ROOM, second);
    await handleRoomEvent(w.intake, MEMBER_ROOM, w.answer(BOB, `$start${proposal.id}`, 'yes'));

    // The vote is in while both commands still wait.
    expect(w.deps.store.votes.currentVote(proposal.id, BOB)).toMatchObject({ choice: 'yes' });
    expect(w.lane.busy).toBe(true);
    expect(w.replies).toEqual([]);

    w.network.open();
    await w.lane.idle();
    expect(w.replies).toEqual([first.event_id, second.event_id]);
    expect(w.lane.busy).toBe(false);
  });

  it('goes on after a command that failed', async () => {
    const lane = new CommandLane(createLogger({ level: 'fatal' }));
    const ran: string[] = [];
    lane.run(async () => {
      throw new Error('the homeserver went away');
    });
    lane.run(async () => {
      ran.push('next');
    });
    await lane.idle();
    expect(ran).toEqual(['next']);
  });

  it('saves a batch\'s sync token only once the lane ran its commands; a crash before that starts from the older one', async () => {
    const store = memoryStore();
    const storage = new SyncStorage(store);
    const lane = new CommandLane(createLogger({ level: 'fatal' }));
    storage.holdTokenWhileBusy(lane);
    storage.setSyncToken('s1');
    const network = gate();
    lane.run(() => network.opened);
    storage.setSyncToken('s2');
    storage.setSyncToken('s3');
    // What a restart now would read: the batches after s1 come again.
    expect(new SyncStorage(store).getSyncToken()).toBe('s1');

    network.open();
    await lane.idle();
    await Promise.resolve();
    expect(new SyncStorage(store).getSyncToken()).toBe('s3');
    storage.setSyncToken('s4');
    expect(storage.getSyncToken()).toBe('s4');
  });
});
