// The composed bot's deps (bot/compose.ts) for the pledge and link capabilities: an in-memory store on a test clock,
// rooms that record what the bot would post, and (when given) an instance gateway.
import pino from 'pino';
import { stringify } from 'yaml';
import { parseConfig } from '../../../bot/config/index.ts';
import type { InstanceGateway } from '../../../bot/mastodon/gateway.ts';
import type { ProposalDeps } from '../../../bot/proposals/deps.ts';
import { composeBot } from '../../../bot/compose.ts';
import type { RoomsPort } from '../../../bot/contracts/rooms-port.ts';
import { memoryStore, type FakeClock } from '../storage/storage-fixtures.ts';

export const STAFF_ROOM = '!staff:example.social';
export const MEMBER_ROOM = '!town:example.social';

export interface DepsOptions {
  clock: FakeClock;
  instance?: InstanceGateway;
  /** The `mastodon` config section (url and accessToken at least). */
  mastodon?: Record<string, unknown>;
  /** Extra config, deep-merged per top-level section. */
  config?: Record<string, Record<string, unknown>>;
}

export function testDeps(options: DepsOptions): ProposalDeps & { members: string[] } {
  const tree: Record<string, Record<string, unknown>> = {
    matrix: { homeserverUrl: 'https://matrix.example.social', accessToken: 'syt_test', staffRooms: [STAFF_ROOM], memberRooms: [MEMBER_ROOM] },
    pledges: { enabled: true },
  };
  if (options.mastodon) tree.mastodon = options.mastodon;
  for (const [section, values] of Object.entries(options.config ?? {})) tree[section] = { ...tree[section], ...values };
  const members: string[] = [];
  const rooms: RoomsPort = {
    sendPollStart: async () => '$poll',
    sendPollEnd: async () => '$end',
    sendNotice: async () => '$notice',
    joinedMembers: async () => [...members],
    pollResponses: async () => ({ votes: [], unreadable: [] }),
  };
  const { deps } = composeBot({
    config: parseConfig(stringify(tree), {}),
    store: memoryStore(options.clock),
    logger: pino({ level: 'silent' }),
    now: () => options.clock(),
    rooms,
    botUserId: '@moot:example.social',
    staffRoomIds: [STAFF_ROOM],
    memberRoomIds: [MEMBER_ROOM],
    instance: options.instance,
    testJobs: 'by-hand',
  });
  return Object.assign(deps, { members });
}

/** A FakeClock over another time source (the Mastodon fake's), so the store, the bot and the fake agree. */
export function clockOver(source: { now(): number; advance(ms: number): void }): FakeClock {
  return Object.assign(() => source.now(), { advance: (ms: number) => source.advance(ms) });
}
