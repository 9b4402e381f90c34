// Composition of the running bot: storage, Matrix, the proposal workflow and the job runner.
import type { ProposalHook } from './proposals/hooks.ts';
import type { Config } from './config/types.ts';
import type { Logger } from './logger.ts';
import type { Store } from '../storage/store.ts';
import { CHAT_COMMANDS } from '../commands/chat/registry.ts';
import { connectMatrix } from './matrix/connect.ts';
import { MatrixChat } from './matrix/chat.ts';
import { handleRoomEvent, type IntakeDeps, type RoomEvent } from './matrix/intake.ts';
import { JobRunner } from './scheduler.ts';
import type { ProposalDeps } from './proposals/deps.ts';
import { proposalActions } from './proposals/service.ts';
import { proposalJobHandlers } from './proposals/jobs.ts';
import { recountFromRelations } from './proposals/votes.ts';
import { createInstanceGateway } from './mastodon/index.ts';
import { decisionCapability, INSTANCE_LANE } from './decisions/capability.ts';
import { decisionLogHook, logSource } from './publish/log-writer.ts';
import { startLogServer } from './publish/server.ts';
import { publishContext } from './publish/context.ts';
import { policyRoom } from './publish/policy-room.ts';
import { directMessages } from './pledges/direct.ts';
import { pledgeHook } from './pledges/hook.ts';
import { pledgeActions } from './pledges/service.ts';
import { linkActions } from './links/service.ts';

export interface RunningBot {
  stop(): Promise<void>;
  /** Resolves with an exit code if the bot fails for good. */
  crashed: Promise<number>;
  botUserId: string;
}

export interface BotOptions {
  config: Config;
  store: Store;
  logger: Logger;
  now?: () => number;
}

export async function startBot({ config, store, logger, now = Date.now }: BotOptions): Promise<RunningBot> {
  const startedAt = now();
  const matrix = await connectMatrix(config.matrix, store, logger);
  const chat = new MatrixChat(matrix.client);
  // Filled below, once deps exist: each capability registers its hook here (see bot/proposals/hooks.ts).
  const hooks: ProposalHook[] = [];
  const deps: ProposalDeps = {
    store,
    rooms: chat,
    config,
    botUserId: matrix.botUserId,
    staffRoomIds: matrix.staffRoomIds,
    memberRoomIds: matrix.memberRoomIds,
    logger,
    now,
    // The runner is built right below; kick is only called once jobs run.
    kick: () => {
      void instanceRunner.kick();
      return runner.kick();
    },
    hooks,
    instance: config.mastodon ? createInstanceGateway(config.mastodon, logger.child({ module: 'mastodon' })) : undefined,
  };
  const decisions = decisionCapability(deps);
  const runner = new JobRunner(store, { ...proposalJobHandlers(deps), ...decisions.jobHandlers }, logger, now, { kinds: INSTANCE_LANE, exclude: true });
  // Jobs that wait on the instance run in their own lane: a slow instance never holds up replies and polls.
  const instanceRunner = new JobRunner(store, decisions.jobHandlers, logger, now, { kinds: INSTANCE_LANE });
  const policy = policyRoom(config, store, chat, matrix.botUserId, logger.child({ module: 'policy-room' }));
  const dm = directMessages(store, chat);
  hooks.push(...decisions.hooks, decisionLogHook(store), policy.hook, pledgeHook(deps, dm));
  const proposals = proposalActions(deps);
  const g = config.governance;
  const intake: IntakeDeps = {
    chat,
    store,
    logger,
    botUserId: matrix.botUserId,
    botDisplayName: matrix.displayName,
    settings: {
      prefix: config.matrix.commandPrefix,
      minVotingPeriodMs: g.minVotingPeriod,
      maxVotingPeriodMs: g.maxVotingPeriod,
      votingPeriodMs: g.votingPeriod,
      whoMayPropose: g.whoMayPropose,
    },
    commands: CHAT_COMMANDS,
    staffRoomIds: new Set(matrix.staffRoomIds),
    memberRoomIds: new Set(matrix.memberRoomIds),
    staffPowerLevel: g.staffPowerLevel,
    proposals,
    instance: decisions.actions,
    pledges: pledgeActions(deps, dm),
    links: deps.instance ? linkActions(deps, deps.instance) : undefined,
    proposalDeps: deps,
    ignoreBefore: matrix.firstSync ? startedAt : undefined,
  };
  const configured = new Set([...matrix.staffRoomIds, ...matrix.memberRoomIds]);
  const client = matrix.client;
  // Events are handled one at a time and the sync token is saved only after a whole batch: nothing is skipped by a crash.
  (client as unknown as { persistTokenAfterSync: boolean }).persistTokenAfterSync = true;
  const emit = async (name: string, roomId: string, event: unknown): Promise<void> => {
    logger.trace({ name, roomId }, 'sync event');
    try {
      if (name === 'room.event') await handleRoomEvent(intake, roomId, event as RoomEvent);
      else if (name === 'room.invite') {
        if (configured.has(roomId) || policy.isPolicyRoom(roomId)) await client.joinRoom(roomId);
        else await client.leaveRoom(roomId);
      }
    } catch (error) {
      logger.error({ err: error, roomId }, 'failed to handle an event');
    }
  };
  (client as unknown as { startSyncInternal: () => Promise<unknown> }).startSyncInternal = () =>
    (client as unknown as { startSync: (emit: unknown) => Promise<unknown> }).startSync(emit);

  for (const proposal of store.proposals.listActive()) {
    if (proposal.state !== 'open') continue;
    try {
      const added = await recountFromRelations(deps, proposal.id);
      if (added) logger.info({ proposal: proposal.id, added }, 'caught up on votes cast while the bot was away');
    } catch (error) {
      logger.warn({ err: error, proposal: proposal.id }, 'could not catch up on votes; the close will recount');
    }
  }
  decisions.onStart(startedAt);
  await policy.start();
  store.jobs.requeueRunning();
  runner.start();
  instanceRunner.start();
  await client.start({
    room: {
      rooms: [...configured],
      timeline: { limit: 100 },
      state: { lazy_load_members: true },
      ephemeral: { not_types: ['*'] },
      account_data: { not_types: ['*'] },
    },
    presence: { not_types: ['*'] },
    account_data: { not_types: ['*'] },
  });
  const http = config.publish.http;
  const logServer = http
    ? await startLogServer({ ...http.listen, source: logSource(store), context: () => publishContext(config, now()), logger })
    : undefined;
  logger.info({ user: matrix.botUserId, staffRooms: matrix.staffRoomIds.length, memberRooms: matrix.memberRoomIds.length }, 'fedimoot is running');
  return {
    botUserId: matrix.botUserId,
    crashed: new Promise<number>(() => undefined),
    async stop() {
      client.stop();
      await Promise.all([runner.stop(), instanceRunner.stop(), logServer?.close()]);
    },
  };
}
