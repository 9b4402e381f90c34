// The decisions capability on a memory store, without vitest (the benchmark uses it too): the bot composed as it runs
// (bot/compose.ts) with a rooms port that records what it is asked to send, and its job runners on the given clock, so
// retries and notices run as in the bot.
import pino from 'pino';
import { stringify } from 'yaml';
import { parseConfig } from '../../../bot/config/index.ts';
import type { MastodonConfig } from '../../../bot/config/types.ts';
import { composeBot } from '../../../bot/compose.ts';
import type { InstanceGateway } from '../../../bot/mastodon/gateway.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import type { ProposalDeps } from '../../../bot/proposals/deps.ts';
import type { RoomsPort } from '../../../bot/contracts/rooms-port.ts';
import type { NewProposal, Proposal } from '../../../storage/proposals.ts';
import { openStore, type Store } from '../../../storage/store.ts';

export const STAFF_ROOM = '!staff:example.org';
export const MEMBER_ROOM = '!townhall:example.org';
export const STAFF = '@mod:example.org';

export interface Sent {
  roomId: string;
  text: string;
}

export interface DecisionsDeps {
  store: Store;
  deps: ProposalDeps;
  sent: Sent[];
  /** Runs every job that is due now (and those they schedule for now). */
  runJobs(): Promise<void>;
  /** An approved (closed, counted) proposal. */
  approved(input: Partial<NewProposal> & { domain: string; action: NewProposal['action'] }): Proposal;
  /** The texts sent to one room, in order. */
  textsIn(roomId: string): string[];
}

export interface DecisionsDepsInput {
  gateway: InstanceGateway;
  mastodon: MastodonConfig;
  now: () => number;
  dryRun?: boolean;
  announce?: boolean;
}

/** Close `store` when done. */
export function decisionsDeps({ gateway, mastodon, now, dryRun, announce }: DecisionsDepsInput): DecisionsDeps {
  const store = openStore(':memory:', { clock: now });
  const config = parseConfig(stringify({ matrix: { homeserverUrl: 'https://matrix.example.org', accessToken: 'syt_token_abcdef', staffRooms: [STAFF_ROOM], memberRooms: [MEMBER_ROOM] } }), {});
  config.mastodon = { ...mastodon, dryRun: dryRun ?? false, announce: { enabled: announce ?? false, visibility: 'unlisted' } };
  const sent: Sent[] = [];
  const rooms: RoomsPort = {
    sendNotice: async (roomId, msg) => {
      sent.push({ roomId, text: renderMessage(msg).body });
      return `$event${sent.length}`;
    },
    sendPollStart: () => Promise.reject(new Error('not used here')),
    sendPollEnd: () => Promise.reject(new Error('not used here')),
    joinedMembers: async () => [],
    pollResponses: async () => ({ votes: [], unreadable: [] }),
  };
  const bot = composeBot({
    config,
    store,
    logger: pino({ level: 'silent' }),
    now,
    rooms,
    botUserId: '@moot:example.org',
    staffRoomIds: [STAFF_ROOM],
    memberRoomIds: [MEMBER_ROOM],
    instance: gateway,
    testJobs: 'on-kick',
  });
  const deps = bot.deps;

  return {
    store,
    deps,
    sent,
    runJobs: () => bot.runJobs(),
    approved(input) {
      const { proposal } = store.proposals.create({ durationMs: 86_400_000, proposer: '@alice:example.org', ...input, state: 'approved' });
      const line = `Proposal ${proposal.id} (${input.action} ${input.domain}): approved — yes 3 · no 0 · abstain 0 · spoiled 0 · 3 of 4 eligible voted (75%) · quorum 1 met · threshold 1/2 met`;
      store.proposals.update(proposal.id, 'approved', { closedAt: now(), outcome: 'approved', resultLine: line });
      return store.proposals.get(proposal.id)!;
    },
    textsIn: (roomId) => sent.filter((s) => s.roomId === roomId).map((s) => s.text),
  };
}
