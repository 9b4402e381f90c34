// Composition of the running bot: storage, Matrix, the proposal workflow and the job runner.
import type { ProposalHook } from './proposals/hooks.ts';
import type { Config } from './config/types.ts';
import type { Logger } from './logger.ts';
import type { Store } from '../storage/store.ts';
import { CHAT_COMMANDS } from '../commands/chat/registry.ts';
import { commandDispatcher } from '../commands/chat/dispatch.ts';
import { connectMatrix } from './matrix/connect.ts';
import { ServedRooms } from './matrix/served-rooms.ts';
import { DirectRooms, type InviteEvent } from './matrix/direct-rooms.ts';
import { fillGaps, rememberLastEvents } from './matrix/gap-fill.ts';
import { readableEvent, takeToDeviceMessages } from './matrix/room-crypto.ts';
import { installFilter } from './matrix/sync-filter.ts';
import { canDecrypt, EncryptedRooms } from './matrix/encrypted-rooms.ts';
import { loadMatrixSdk } from './matrix/load-sdk.ts';
import { warnRoomTurnedEncrypted } from './proposals/room-turned-encrypted.ts';
import { ignoredUserMatcher } from '../governance/eligibility.ts';
import { MatrixChat } from './matrix/chat.ts';
import { handleRoomEvent, type IntakeDeps, type RoomEvent } from './matrix/intake.ts';
import { JobRunner } from './scheduler.ts';
import type { ProposalDeps } from './proposals/deps.ts';
import { proposalActions } from './proposals/service.ts';
import { stagesHook } from './stages/stage-jobs.ts';
import { jobHandlers } from './job-handlers.ts';
import { kindsIn } from './job-kinds.ts';
import { cancelObsoleteJobs } from './proposals/obsolete-jobs.ts';
import { recountFromRelations } from './proposals/votes.ts';
import { createInstanceGateway } from './mastodon/index.ts';
import { decisionCapability } from './decisions/capability.ts';
import { decisionLogHook, logSource } from './publish/log-writer.ts';
import { startLogServer } from './publish/server.ts';
import { publishContext } from './publish/context.ts';
import { policyRoom } from './publish/policy-room.ts';
import { directMessages } from './pledges/direct.ts';
import { pledgeHook } from './pledges/hook.ts';
import { pledgeActions } from './pledges/service.ts';
import { linkActions } from './links/service.ts';
import { operatorLogHook } from './operator-log.ts';
import { personalNoticeHook } from './personal/notices.ts';
import { personalImpactActions } from './personal/read.ts';
import { intakeCapability } from './intake/capability.ts';
import { peerUserAgent, peerWatch, type PeerWatch } from './peers/watch.ts';
import { schedulePeerJobs } from './peers/peer-jobs.ts';
import { packageVersion } from './project-root.ts';
import { EXIT_FAILURE } from './contracts/exit-codes.ts';

export interface RunningBot {
  stop(): Promise<void>;
  /** Resolves with EXIT_FAILURE once the bot failed for good (a job runner's store failed) and has stopped. */
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
  const matrix = await connectMatrix(config.matrix, store, logger, config.storage.path);
  const chat = new MatrixChat(matrix.client);
  // Built before deps (which read it) and told about deps once they exist: a room turning encrypted warns open polls.
  const encryption = new EncryptedRooms({
    client: matrix.client,
    logger,
    decrypts: canDecrypt(loadMatrixSdk(), config.matrix, matrix.client),
    turnedEncrypted: (roomId) => warnRoomTurnedEncrypted(deps, roomId),
  });
  await encryption.load([...matrix.staffRoomIds, ...matrix.memberRoomIds]);
  const instance = config.mastodon ? createInstanceGateway(config.mastodon, logger.child({ module: 'mastodon' })) : undefined;
  const peers: PeerWatch | undefined = config.peers
    ? peerWatch({
      store,
      config: config.peers,
      userAgent: peerUserAgent(packageVersion(), config.publish.baseUrl ?? config.mastodon?.url),
      logger: logger.child({ module: 'peers' }),
      now,
      activeServers: instance ? (limit) => instance.activeServers(limit) : undefined,
    })
    : undefined;
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
      void intakeRunner.kick();
      void personalRunner.kick();
      void peerRunner?.kick();
      return runner.kick();
    },
    // Declared below, once the capabilities exist; read only when a milestone is scheduled.
    hooks: () => milestoneSubscribers,
    instance,
    readability: encryption,
    peers,
  };
  // Rooms that turned encrypted under an open poll while the bot was away are warned now (once; see the function).
  for (const roomId of encryption.encryptedRoomIds()) {
    if (encryption.canDecrypt) break;
    await warnRoomTurnedEncrypted(deps, roomId).catch((error: unknown) => logger.warn({ err: error, roomId }, 'could not warn an encrypted room with an open poll'));
  }
  const decisions = decisionCapability(deps);
  // One runner per lane (bot/job-kinds.ts): a slow instance never holds up replies and polls, reading members'
  // follows never holds up applying a decision (both share the gateway's rate budget), and reading the peers never
  // holds up either. The main runner also takes kinds no lane names, so an unknown kind fails there, said in the log.
  // `dm` is made below, before any job runs. Review reminders say how many watched peers block the domain now.
  const peersNow = peers && ((domain: string) => {
    const watch = peers.cached(domain);
    return watch && watch.counts.peers > 0 ? { blocking: watch.counts.blocks, watched: watch.counts.peers } : undefined;
  });
  const signals = intakeCapability(deps);
  const jobContext = { deps, get dm() { return dm; }, peersNow, peers, intake: signals };
  const otherLanes = [...kindsIn('instance'), ...kindsIn('personal'), ...kindsIn('peers'), ...kindsIn('intake')];
  const runner = new JobRunner(store, jobHandlers(jobContext, 'main'), logger, now, { kinds: otherLanes, exclude: true });
  const instanceRunner = new JobRunner(store, jobHandlers(jobContext, 'instance'), logger, now, { kinds: kindsIn('instance') });
  const personalRunner = new JobRunner(store, jobHandlers(jobContext, 'personal'), logger, now, { kinds: kindsIn('personal') });
  // Reading the followed sources waits on other servers (each up to intake.timeout).
  const intakeRunner = new JobRunner(store, jobHandlers(jobContext, 'intake'), logger, now, { kinds: kindsIn('intake') });
  // Only with peer watch configured: otherwise its jobs (left from an earlier config) wait untouched.
  const peerRunner = peers && new JobRunner(store, jobHandlers(jobContext, 'peers'), logger, now, { kinds: kindsIn('peers') });
  const policy = policyRoom(config, store, chat, matrix.botUserId, logger.child({ module: 'policy-room' }));
  const direct: DirectRooms = new DirectRooms({
    client: matrix.client,
    logger,
    botUserId: matrix.botUserId,
    communityRooms: () => [...matrix.staffRoomIds, ...matrix.memberRoomIds],
    createDirectRoom: (userId) => chat.createDirectRoom(userId),
    changed: (): Promise<void> => served.refilter(),
  });
  const served: ServedRooms = new ServedRooms({
    direct,
    client: matrix.client,
    storage: matrix.storage,
    logger,
    botUserId: matrix.botUserId,
    now,
    staffRoomIds: matrix.staffRoomIds,
    memberRoomIds: matrix.memberRoomIds,
    unjoined: matrix.unjoined,
    isPolicyRoom: (roomId) => policy.isPolicyRoom(roomId),
  });
  // The bot writes first into the room the user already has with it, so there is one such room per user.
  const dm = directMessages({ roomFor: (userId) => direct.roomFor(userId), sendNotice: (...a) => chat.sendNotice(...a), sendFile: (...a) => chat.sendFile(...a) });
  // The capabilities told about each milestone, in this order (bot/proposals/hooks.ts).
  const milestoneSubscribers: readonly ProposalHook[] = [
    ...decisions.hooks,
    decisionLogHook(store, config.governance.reviewAfter),
    stagesHook(deps),
    policy.hook,
    pledgeHook(deps, dm),
    operatorLogHook(deps),
    personalNoticeHook(deps),
  ];
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
      minStageAfterMs: g.minStageAfter,
      minReviewAfterMs: g.minReviewAfter,
      rooms: { staff: config.matrix.staffRooms, member: config.matrix.memberRooms },
    },
    commands: commandDispatcher(CHAT_COMMANDS),
    staffRoomIds: served.staff,
    memberRoomIds: served.member,
    directRooms: direct.users,
    roomJoinedAt: served.joinedAt,
    isIgnored: ignoredUserMatcher(config.matrix.ignoredUsers),
    staffPowerLevel: g.staffPowerLevel,
    proposals,
    instance: decisions.actions,
    pledges: pledgeActions(deps),
    direct: dm,
    links: deps.instance ? linkActions(deps, deps.instance) : undefined,
    personal: deps.instance ? personalImpactActions(store, deps.instance, logger) : undefined,
    signals: signals.actions,
    peers: peers && { watch: (domain) => peers.watch(domain) },
    proposalDeps: deps,
    ignoreBefore: matrix.firstSync ? startedAt : undefined,
    now,
  };
  const client = matrix.client;
  const emit = async (name: string, roomId: string, event: unknown): Promise<void> => {
    logger.trace({ name, roomId }, 'sync event');
    try {
      if (name === 'room.event') {
        if (direct.users.has(roomId)) await direct.onEvent(roomId, event as RoomEvent);
        await handleRoomEvent(intake, roomId, event as RoomEvent);
      } else if (name === 'room.invite') {
        await served.onInvite(roomId, event as InviteEvent);
        // A configured room joined only now: learn whether it is encrypted before a proposal opens a poll there.
        if (served.staff.has(roomId) || served.member.has(roomId)) await encryption.load([roomId]);
      }
    } catch (error) {
      logger.error({ err: error, roomId }, 'failed to handle an event');
    }
  };
  const gaps = {
    client,
    store,
    logger,
    isVotingRoom: (roomId: string) => served.staff.has(roomId) || served.member.has(roomId),
    horizon: () => oldestOpening(store),
    feed: async (roomId: string, event: RoomEvent) => handleRoomEvent(intake, roomId, await readableEvent(client, roomId, event), { late: true }),
  };
  const caughtUp = client.driveSync({
    emit,
    async beforeBatch(raw) {
      // Before the batch's events: a response in the same batch as the room's encryption is judged by the new state.
      await encryption.noteSync(raw);
      try {
        // Room keys first: what the gap holds may be encrypted with a key that only this sync brings.
        await takeToDeviceMessages(client, raw);
      } catch (error) {
        logger.warn({ err: error }, 'could not take the room keys of a sync before its gap; the SDK takes them after');
      }
      try {
        await fillGaps(gaps, raw);
      } catch (error) {
        logger.warn({ err: error }, 'could not read back a gap in the sync; text votes in it are not counted');
      }
    },
    afterBatch: (raw) => rememberLastEvents(store, raw),
  });

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
  signals.onStart(startedAt);
  await policy.start();
  await direct.load();
  const filter = served.filter();
  served.markNewRooms(startedAt);
  // The published log reads only the store: it is served even while the homeserver is still catching up.
  const http = config.publish.http;
  const logServer = http
    ? await startLogServer({ ...http.listen, source: logSource(store), context: () => publishContext(config, now()), logger })
    : undefined;
  await installFilter(client, matrix.storage, filter);
  await client.start(filter);
  // Jobs wait for the first sync batch: a close must not count before the text votes sent while the bot was away
  // (commands, which /relations does not return) have been read.
  await caughtUp;
  store.jobs.requeueRunning();
  // Databases from before jobs were cancelled as their proposal moved on may still hold such jobs as pending.
  const swept = store.transaction(() => cancelObsoleteJobs(store));
  if (swept > 0) logger.info({ jobs: swept }, `cancelled ${swept} pending job${swept === 1 ? '' : 's'} whose proposal had moved on`);
  runner.start();
  instanceRunner.start();
  personalRunner.start();
  intakeRunner.start();
  if (peers && peerRunner) {
    schedulePeerJobs(deps);
    peerRunner.start();
  }
  logger.info({ user: matrix.botUserId, staffRooms: matrix.staffRoomIds.length, memberRooms: matrix.memberRoomIds.length }, 'fedimoot is running');
  const stop = async () => {
    client.stop();
    await Promise.all([runner.stop(), instanceRunner.stop(), personalRunner.stop(), intakeRunner.stop(), peerRunner?.stop(), logServer?.close()]);
  };
  // The sync loop retries on its own (matrix-bot-sdk backs off and syncs again); what can die is a job runner whose
  // store failed. Without it nothing closes or applies, so the bot stops and exits rather than look alive.
  const runners = [runner, instanceRunner, personalRunner, intakeRunner, ...(peerRunner ? [peerRunner] : [])];
  const crashed = Promise.race(runners.map((r) => r.crashed)).then(async () => {
    logger.fatal('fedimoot is stopping: a job runner failed (see the error above)');
    await stop().catch((error: unknown) => logger.error({ err: error }, 'failed to stop cleanly'));
    return EXIT_FAILURE;
  });
  return { botUserId: matrix.botUserId, crashed, stop };
}

/** When the longest-open proposal opened: older events cannot be votes that still count. */
function oldestOpening(store: Store): number | undefined {
  const openings = store.proposals.listActive().flatMap((p) => (p.state === 'open' && p.openedAt !== undefined ? [p.openedAt] : []));
  return openings.length ? Math.min(...openings) : undefined;
}
