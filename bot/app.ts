// The running bot: Matrix (the sync loop, encryption, the served and direct rooms) around the composed capabilities
// (bot/compose.ts), and the published log's web server.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from './config/types.ts';
import type { Logger } from './logger.ts';
import type { Store } from '../storage/store.ts';
import { connectMatrix } from './matrix/connect.ts';
import { ServedRooms } from './matrix/served-rooms.ts';
import { DirectRooms, type InviteEvent } from './matrix/direct-rooms.ts';
import { fillGaps, rememberLastEvents } from './matrix/gap-fill.ts';
import { readableEvent, takeToDeviceMessages } from './matrix/room-crypto.ts';
import { installFilter } from './matrix/sync-filter.ts';
import { canDecrypt, EncryptedRooms } from './matrix/encrypted-rooms.ts';
import { loadMatrixSdk } from './matrix/load-sdk.ts';
import { warnRoomTurnedEncrypted } from './proposals/room-turned-encrypted.ts';
import { MatrixChat } from './matrix/chat.ts';
import { handleRoomEvent, type IntakeDeps, type RoomEvent } from './matrix/intake.ts';
import { recountFromRelations } from './proposals/votes.ts';
import { createInstanceGateway } from './mastodon/index.ts';
import { logSource } from './publish/log-writer.ts';
import { startLogServer } from './publish/server.ts';
import { publishContext } from './publish/context.ts';
import { directMessages } from './pledges/direct.ts';
import { peerUserAgent, peerWatch, type PeerWatch } from './peers/watch.ts';
import { packageVersion } from './project-root.ts';
import { EXIT_FAILURE } from './contracts/exit-codes.ts';
import { composeBot } from './compose.ts';
import { CommandLane } from './matrix/command-lane.ts';

/** How long a stop waits for a command under way. */
const STOP_GRACE_MS = 10_000;

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
  // Built before the Matrix side's direct and served rooms, which ask it (the policy room) and are read by it (dm).
  const bot = composeBot({
    config,
    store,
    logger,
    now,
    rooms: chat,
    botUserId: matrix.botUserId,
    staffRoomIds: matrix.staffRoomIds,
    memberRoomIds: matrix.memberRoomIds,
    instance,
    peers,
    readability: encryption,
    dm: () => dm,
    policyRoom: chat,
  });
  const deps = bot.deps;
  // Rooms that turned encrypted under an open poll while the bot was away are warned now (once; see the function).
  for (const roomId of encryption.encryptedRoomIds()) {
    if (encryption.canDecrypt) break;
    await warnRoomTurnedEncrypted(deps, roomId).catch((error: unknown) => logger.warn({ err: error, roomId }, 'could not warn an encrypted room with an open poll'));
  }
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
    isPolicyRoom: (roomId) => bot.policy?.isPolicyRoom(roomId) ?? false,
  });
  // The bot writes first into the room the user already has with it, so there is one such room per user.
  const dm = directMessages({ roomFor: (userId) => direct.roomFor(userId), sendNotice: (...a) => chat.sendNotice(...a), sendFile: (...a) => chat.sendFile(...a) });
  // Commands and poll ends wait on the network: they run in their own lane, so votes keep being read meanwhile.
  const lane = new CommandLane(logger);
  matrix.storage.holdTokenWhileBusy(lane);
  const intake: IntakeDeps = {
    ...bot.commands,
    inLane: (task, roomId) => lane.run(task, roomId),
    chat,
    store,
    logger,
    botUserId: matrix.botUserId,
    botDisplayName: matrix.displayName,
    staffRoomIds: served.staff,
    memberRoomIds: served.member,
    directRooms: direct.users,
    roomJoinedAt: served.joinedAt,
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
  await bot.onStart(startedAt);
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
  // And the first batch's commands have run: a text vote sent while the bot was away is recorded before a close.
  await lane.idle();
  bot.startJobs();
  logger.info({ user: matrix.botUserId, staffRooms: matrix.staffRoomIds.length, memberRooms: matrix.memberRoomIds.length }, 'fedimoot is running');
  const stop = async () => {
    client.stop();
    // A command under way may finish (its reply sent, its state written, the batch's token saved) before the store
    // closes; one still waiting on the network after that is read again at the next start.
    await Promise.race([lane.idle(), sleep(STOP_GRACE_MS, undefined, { ref: false })]);
    await Promise.all([bot.stop(), logServer?.close()]);
  };
  // The sync loop retries on its own (matrix-bot-sdk backs off and syncs again); what can die is a job runner whose
  // store failed. Without it nothing closes or applies, so the bot stops and exits rather than look alive.
  const crashed = bot.crashed.then(async () => {
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
