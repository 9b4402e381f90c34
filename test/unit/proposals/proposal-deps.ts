// The bot composed as it runs (bot/compose.ts) on an in-memory store, a fake clock and fake rooms that record what
// the bot posts.
import { stringify } from 'yaml';
import { parseConfig } from '../../../bot/config/index.ts';
import type { Config } from '../../../bot/config/types.ts';
import { createLogger } from '../../../bot/logger.ts';
import type { ProposalDeps } from '../../../bot/proposals/deps.ts';
import { composeBot } from '../../../bot/compose.ts';
import type { RoomsPort } from '../../../bot/contracts/rooms-port.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import type { Proposal } from '../../../storage/proposals.ts';
import { fakeClock, memoryStore, openProposal, type FakeClock } from '../storage/storage-fixtures.ts';
import { minimalTree } from '../config/config-fixtures.ts';

export const MEMBER_ROOM = '!townhall:example.social';

export interface Posted {
  roomId: string;
  body: string;
}

export interface ProposalWorld {
  deps: ProposalDeps;
  clock: FakeClock;
  posted: Posted[];
  /** An open proposal with a poll in the member room, `eligible` may vote. */
  open(eligible?: string[]): Proposal;
}

export function configWith(tree: Record<string, unknown> = {}): Config {
  const base = minimalTree() as { matrix: Record<string, unknown> };
  return parseConfig(stringify({ ...base, ...tree, matrix: { ...base.matrix, memberRooms: [MEMBER_ROOM], ...(tree.matrix as object) } }), {});
}

export function proposalWorld(config: Config = configWith()): ProposalWorld {
  const clock = fakeClock();
  const store = memoryStore(clock);
  const posted: Posted[] = [];
  let next = 0;
  const rooms: RoomsPort = {
    sendPollStart: async () => `$poll${++next}`,
    sendPollEnd: async () => `$end${++next}`,
    sendNotice: async (roomId, msg) => {
      posted.push({ roomId, body: renderMessage(msg).body });
      return `$notice${++next}`;
    },
    joinedMembers: async () => [],
    pollResponses: async () => ({ votes: [], unreadable: [] }),
  };
  const { deps } = composeBot({
    config,
    store,
    logger: createLogger({ level: 'fatal' }),
    now: clock,
    rooms,
    botUserId: '@moot:example.social',
    staffRoomIds: [...config.matrix.staffRooms],
    memberRoomIds: [MEMBER_ROOM],
    testJobs: 'by-hand',
  });
  return {
    deps,
    clock,
    posted,
    open(eligible = []) {
      const proposal = openProposal(store, eligible);
      store.polls.add({ proposalId: proposal.id, roomId: MEMBER_ROOM, kind: 'undisclosed', startEventId: `$start${proposal.id}` });
      return proposal;
    },
  };
}
