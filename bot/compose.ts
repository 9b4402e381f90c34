// The composition root: every capability of the bot built from its ports (rooms, the instance, peer watch, direct
// messages), the milestone subscribers declared in their order, one job runner per lane, and the chat commands
// registered. bot/app.ts composes it with Matrix; the tests compose it with recording rooms and the Mastodon contract
// fake, so what they exercise is the wiring that runs.
import type { Config } from './config/types.ts';
import type { Logger } from './logger.ts';
import type { Store } from '../storage/store.ts';
import type { RoomReadability, RoomsPort } from './contracts/rooms-port.ts';
import type { InstanceGateway } from './mastodon/gateway.ts';
import type { PeerWatch } from './contracts/peer-ports.ts';
import type { ProposalDeps } from './proposals/deps.ts';
import type { ProposalHook } from './proposals/hooks.ts';
import type { IntakeDeps } from './matrix/intake.ts';
import type { DirectMessages } from './pledges/direct.ts';
import { CHAT_COMMANDS } from '../commands/chat/registry.ts';
import { commandDispatcher } from '../commands/chat/dispatch.ts';
import { ignoredUserMatcher } from '../governance/eligibility.ts';
import { JobRunner } from './scheduler.ts';
import { jobHandlers, type JobContext } from './job-handlers.ts';
import { kindsIn, type Lane } from './job-kinds.ts';
import { cancelObsoleteJobs } from './proposals/obsolete-jobs.ts';
import { proposalActions } from './proposals/service.ts';
import { decisionCapability } from './decisions/capability.ts';
import { intakeCapability, type IntakeCapability } from './intake/capability.ts';
import { decisionLogHook } from './publish/log-writer.ts';
import { policyRoom, type PolicyRoom, type PolicyRoomPort } from './publish/policy-room.ts';
import { stagesHook } from './stages/stage-jobs.ts';
import { pledgeHook } from './pledges/hook.ts';
import { pledgeActions } from './pledges/service.ts';
import { linkActions } from './links/service.ts';
import { operatorLogHook } from './operator-log.ts';
import { personalNoticeHook } from './personal/notices.ts';
import { personalImpactActions } from './personal/read.ts';
import { schedulePeerJobs } from './peers/peer-jobs.ts';

export interface BotPorts {
  config: Config;
  store: Store;
  logger: Logger;
  now(): number;
  rooms: RoomsPort;
  botUserId: string;
  /** Resolved room ids (no aliases). */
  staffRoomIds: readonly string[];
  memberRoomIds: readonly string[];
  /** The instance's admin API; absent without a `mastodon` section (nothing is applied then). */
  instance?: InstanceGateway;
  /** Peer watch; its lane runs only with it. */
  peers?: PeerWatch;
  /** Which rooms the bot can read (encryption); every room when absent. */
  readability?: RoomReadability;
  /**
   * Direct messages, read when a job or command needs them: the Matrix side serves the direct rooms and is built after
   * the capabilities (its room filter asks the policy room), so this is a getter.
   */
  dm?(): DirectMessages | undefined;
  /** With it, the policy room (`matrix.policyRoom`) is kept in line with the applied decisions. */
  policyRoom?: PolicyRoomPort;
  /**
   * Tests: jobs never run on a timer. 'on-kick': a kick (a command's) runs them at once, as in the running bot;
   * 'by-hand': only `runJobs()` runs them, so a test can call the handlers itself. The bot leaves it unset: a kick
   * before `startJobs()` then only leaves work that the runners find when they start.
   */
  testJobs?: 'on-kick' | 'by-hand';
}

/** What the chat intake hands to the commands (bot/matrix/intake.ts); the Matrix side adds its rooms and client. */
export type CommandParts = Pick<IntakeDeps,
  'settings' | 'commands' | 'staffPowerLevel' | 'isIgnored' | 'proposals' | 'instance' | 'pledges' | 'direct' | 'links' |
  'personal' | 'signals' | 'peers' | 'proposalDeps'>;

export interface ComposedBot {
  deps: ProposalDeps;
  signals: IntakeCapability;
  policy?: PolicyRoom;
  commands: CommandParts;
  /** Runs every lane's due jobs (and what they schedule for now); resolves when all are done. */
  runJobs(): Promise<void>;
  /** Start-up work that reads only the store and the instance: resumed applications, drift, the intake's sources, the policy room. */
  onStart(startedAt: number): Promise<void>;
  /** After the first sync batch: interrupted jobs requeued, obsolete ones swept, the runners started. */
  startJobs(): void;
  stop(): Promise<void>;
  /** Resolves once a job runner stopped for good (its store failed). */
  crashed: Promise<unknown>;
}

export function composeBot(ports: BotPorts): ComposedBot {
  const { config, store, logger, now, peers } = ports;
  let started = ports.testJobs === 'on-kick';
  const deps: ProposalDeps = {
    store,
    rooms: ports.rooms,
    config,
    botUserId: ports.botUserId,
    staffRoomIds: ports.staffRoomIds,
    memberRoomIds: ports.memberRoomIds,
    logger,
    now,
    instance: ports.instance,
    readability: ports.readability,
    peers,
    hooks: () => subscribers,
    // Before the runners start, due jobs wait for them: a close must not count before the first sync batch is read.
    kick: () => {
      if (!started) return Promise.resolve();
      for (const runner of others) void runner.kick();
      return main.kick();
    },
  };
  const decisions = decisionCapability(deps);
  const signals = intakeCapability(deps);
  const policy = ports.policyRoom && policyRoom(config, store, ports.policyRoom, ports.botUserId, logger.child({ module: 'policy-room' }));
  const dm = () => ports.dm?.();
  // Sent through at the time of sending: the Matrix side makes its direct messages after the capabilities.
  const lateDm: DirectMessages = { send: (...a) => requireDm(dm()).send(...a) };
  const subscribers: readonly ProposalHook[] = [
    ...decisions.hooks,
    decisionLogHook(store, config.governance.reviewAfter),
    stagesHook(deps),
    ...(policy ? [policy.hook] : []),
    pledgeHook(deps, lateDm),
    operatorLogHook(deps),
    personalNoticeHook(deps),
  ];

  // One runner per lane (bot/job-kinds.ts): a slow instance never holds up replies and polls, reading members'
  // follows never holds up applying a decision (both share the gateway's rate budget), and reading the peers never
  // holds up either. The main runner also takes kinds no lane names, so an unknown kind fails there, said in the log.
  // Review reminders say how many watched peers block the domain now.
  const peersNow = peers && ((domain: string) => {
    const watch = peers.cached(domain);
    return watch && watch.counts.peers > 0 ? { blocking: watch.counts.blocks, watched: watch.counts.peers } : undefined;
  });
  const jobContext: JobContext = { deps, get dm() { return dm(); }, peersNow, peers, intake: signals };
  const laneRunner = (lane: Lane) => new JobRunner(store, jobHandlers(jobContext, lane), logger, now, { kinds: kindsIn(lane) });
  const otherLanes = [...kindsIn('instance'), ...kindsIn('personal'), ...kindsIn('peers'), ...kindsIn('intake')];
  const main = new JobRunner(store, jobHandlers(jobContext, 'main'), logger, now, { kinds: otherLanes, exclude: true });
  // Reading the followed sources waits on other servers (each up to intake.timeout). Peer watch's lane runs only when
  // it is configured: otherwise its jobs (left from an earlier config) wait untouched.
  const others = [laneRunner('instance'), laneRunner('personal'), laneRunner('intake'), ...(peers ? [laneRunner('peers')] : [])];
  const runners = [main, ...others];

  const g = config.governance;
  const commands: CommandParts = {
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
    staffPowerLevel: g.staffPowerLevel,
    isIgnored: ignoredUserMatcher(config.matrix.ignoredUsers),
    proposals: proposalActions(deps),
    instance: decisions.actions,
    pledges: pledgeActions(deps),
    direct: ports.dm && lateDm,
    links: ports.instance ? linkActions(deps, ports.instance) : undefined,
    personal: ports.instance ? personalImpactActions(store, ports.instance, logger) : undefined,
    signals: signals.actions,
    peers: peers && { watch: (domain) => peers.watch(domain) },
    proposalDeps: deps,
  };

  return {
    deps,
    signals,
    policy,
    commands,
    async runJobs() {
      // A job in one lane may schedule work for another (an apply's milestone runs in the main lane): rounds until none
      // is due in a lane that runs here. Failed jobs wait for their retry time, so this ends.
      const idle = peers ? [] : kindsIn('peers') as string[];
      // A kick waits for the lane's work under way too (a job a command woke), so there is always one round.
      for (let round = 0; round < 100; round++) {
        await Promise.all(runners.map((r) => r.kick()));
        if (!store.jobs.due(now(), 1000).some((job) => !idle.includes(job.kind))) return;
      }
    },
    async onStart(startedAt) {
      decisions.onStart(startedAt);
      signals.onStart(startedAt);
      await policy?.start();
    },
    startJobs() {
      store.jobs.requeueRunning();
      // Databases from before jobs were cancelled as their proposal moved on may still hold such jobs as pending.
      const swept = store.transaction(() => cancelObsoleteJobs(store));
      if (swept > 0) logger.info({ jobs: swept }, `cancelled ${swept} pending job${swept === 1 ? '' : 's'} whose proposal had moved on`);
      if (peers) schedulePeerJobs(deps);
      started = true;
      for (const runner of runners) runner.start();
    },
    async stop() {
      await Promise.all(runners.map((r) => r.stop()));
    },
    crashed: Promise.race(runners.map((r) => r.crashed)),
  };
}

function requireDm(dm: DirectMessages | undefined): DirectMessages {
  if (!dm) throw new Error('direct messages are used before the Matrix side made them');
  return dm;
}
