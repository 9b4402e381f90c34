// The Matrix policy list (matrix.policyRoom): one m.policy.rule.server rule per blocked domain and one for its
// subdomains, with the public reason: a suspend is `m.ban`; a limit is LIMIT_RECOMMENDATION, since Draupnir turns
// `m.ban` into a server ACL (a full ban of the server from every protected room) and ignores what it does not know. The room is brought in line with the log's blocks in force whenever a decision is
// applied, and at start (which also covers blocks recorded by `fedimoot import`): rules for blocks in force are sent,
// rules of ours for anything else are emptied (a lift). Draupnir and Mjolnir can subscribe to the room.
import type { Config } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { CreateRoomOptions, StateEvent } from '../contracts/rooms-port.ts';
import type { Store } from '../../storage/store.ts';
import type { ProposalHook } from '../proposals/hooks.ts';
import { publicBlocksInForce } from './feeds.ts';
import { entriesOf } from './log-writer.ts';

export const POLICY_RULE_SERVER = 'm.policy.rule.server';
/** Only rules under this state-key prefix are ours to change; others (set by hand) are left alone. */
const KEY_PREFIX = 'fedimoot:';

export interface PolicyRoomPort {
  sendState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>): Promise<string>;
  roomState(roomId: string): Promise<StateEvent[]>;
  createRoom(options: CreateRoomOptions): Promise<string>;
  joinRoom(roomIdOrAlias: string): Promise<string>;
}

/** A limit (Mastodon's silence), namespaced as the spec asks of recommendations outside `m.*`; see docs/LOG-FORMAT.md. */
export const LIMIT_RECOMMENDATION = 'org.fedimoot.limit';

type RuleContent = { entity: string; recommendation: 'm.ban' | typeof LIMIT_RECOMMENDATION; reason: string };

/** The stable state keys of a domain's two rules, and the glob each one names. */
export function ruleKeys(domain: string): [stateKey: string, entity: string][] {
  return [
    [`${KEY_PREFIX}${domain}`, domain],
    [`${KEY_PREFIX}*.${domain}`, `*.${domain}`],
  ];
}

/**
 * The rules the blocks in force call for, as the published log has them (the same fold as the CSV and the feeds:
 * feeds.ts publicBlocksInForce). Obfuscated blocks are left out (their domain is not to be published, and `*` in an
 * obfuscated name is a glob in a rule).
 */
export function wantedRules(store: Store): Map<string, RuleContent> {
  const rules = new Map<string, RuleContent>();
  for (const d of publicBlocksInForce(entriesOf(store))) {
    const reason = d.reason?.trim() || `Decided by vote: proposal ${d.number}`;
    const recommendation = d.action === 'suspend' ? 'm.ban' : LIMIT_RECOMMENDATION;
    for (const [key, entity] of ruleKeys(d.domain)) rules.set(key, { entity, recommendation, reason });
  }
  return rules;
}

const sameRule = (a: Record<string, unknown> | undefined, b: RuleContent): boolean =>
  a !== undefined && a.entity === b.entity && a.recommendation === b.recommendation && a.reason === b.reason && Object.keys(a).length === 3;

/** Sends what differs between the room's rules and the wanted ones; returns how many state events were sent. */
export async function syncPolicyRoom(store: Store, matrix: PolicyRoomPort, roomId: string): Promise<number> {
  const wanted = wantedRules(store);
  const current = new Map<string, Record<string, unknown>>();
  for (const event of await matrix.roomState(roomId)) {
    if (event.type === POLICY_RULE_SERVER && event.state_key.startsWith(KEY_PREFIX)) current.set(event.state_key, event.content);
  }
  let sent = 0;
  for (const [key, rule] of wanted) {
    if (sameRule(current.get(key), rule)) continue;
    await matrix.sendState(roomId, POLICY_RULE_SERVER, key, rule);
    sent++;
  }
  for (const [key, content] of current) {
    if (wanted.has(key) || Object.keys(content).length === 0) continue;
    await matrix.sendState(roomId, POLICY_RULE_SERVER, key, {});
    sent++;
  }
  return sent;
}

function isNotFound(error: unknown): boolean {
  const e = error as { statusCode?: number; errcode?: string } | undefined;
  return e?.errcode === 'M_NOT_FOUND' || e?.statusCode === 404;
}

function roomOptions(config: Config, aliasLocalpart: string | undefined): CreateRoomOptions {
  const community = config.mastodon ? new URL(config.mastodon.url).host : undefined;
  return {
    name: community ? `Federation policy of ${community}` : 'Federation policy',
    topic: `The blocks ${community ?? 'this community'} decided by vote, as a Matrix policy list (m.policy.rule.server). Kept by fedimoot; rules set by hand under other state keys are left alone.`,
    preset: 'public_chat',
    roomType: 'm.policy',
    aliasLocalpart,
    // Anyone may join and read; only the bot (its creator) and those it promotes may post or change rules.
    powerLevels: { events_default: 50, state_default: 50 },
    initialState: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } }],
  };
}

/**
 * The policy room's id: the configured one (joined; created with that alias when matrix.createPolicyRoom is on, the
 * alias is on the bot's own server and does not exist yet), or with no matrix.policyRoom, one created once and
 * remembered (store.records) when matrix.createPolicyRoom is on.
 */
export async function resolvePolicyRoom(config: Config, store: Store, matrix: PolicyRoomPort, botUserId: string, logger: Logger): Promise<string | undefined> {
  const { policyRoom, createPolicyRoom } = config.matrix;
  if (policyRoom) {
    try {
      return await matrix.joinRoom(policyRoom);
    } catch (error) {
      const ownServer = botUserId.slice(botUserId.indexOf(':') + 1);
      const alias = /^#([^:]+):(.+)$/.exec(policyRoom);
      if (!createPolicyRoom || !isNotFound(error) || !alias || alias[2] !== ownServer) throw error;
      const roomId = await matrix.createRoom(roomOptions(config, alias[1]));
      logger.info({ room: roomId, alias: policyRoom }, 'created the policy room');
      return roomId;
    }
  }
  if (!createPolicyRoom) return undefined;
  const remembered = store.records.createdPolicyRoom();
  if (remembered) return remembered;
  const roomId = await matrix.createRoom(roomOptions(config, undefined));
  store.records.rememberCreatedPolicyRoom(roomId);
  logger.info({ room: roomId }, 'created the policy room; set matrix.policyRoom to its id to name it in the config');
  return roomId;
}

export interface PolicyRoom {
  hook: ProposalHook;
  /**
   * Joins or creates the room (awaited, so the room is joined before sync starts and its invite is not declined),
   * then brings it in line in the background. Never throws: failures are logged and the next apply tries again.
   */
  start(): Promise<void>;
  /** Whether `roomId` is the policy room (the bot accepts invites to it). */
  isPolicyRoom(roomId: string): boolean;
}

export function policyRoom(config: Config, store: Store, matrix: PolicyRoomPort, botUserId: string, logger: Logger): PolicyRoom {
  let resolved: string | undefined;
  let resolving: Promise<string | undefined> | undefined;
  const room = (): Promise<string | undefined> => {
    resolving ??= resolvePolicyRoom(config, store, matrix, botUserId, logger).then(
      (roomId) => (resolved = roomId),
      (error: unknown) => {
        resolving = undefined;
        throw error;
      },
    );
    return resolving;
  };
  // One sync at a time: a start-up sync and an apply must not send the same rule twice over each other.
  let queue: Promise<unknown> = Promise.resolve();
  const sync = (): Promise<void> => {
    const next = queue.then(async () => {
      const roomId = await room();
      if (!roomId) return;
      const sent = await syncPolicyRoom(store, matrix, roomId);
      if (sent) logger.info({ room: roomId, sent }, 'policy room brought in line with the applied decisions');
    });
    queue = next.catch(() => undefined);
    return next;
  };
  const report = (error: unknown) =>
    logger.error({ err: error, room: config.matrix.policyRoom }, 'could not update the policy room; trying again at the next applied decision');
  return {
    hook: {
      name: 'policy-room',
      async on(milestone) {
        if (milestone === 'applied' || milestone === 'imported' || milestone === 'stage_applied') await sync();
      },
    },
    async start() {
      try {
        if (!(await room())) return;
      } catch (error) {
        report(error);
        return;
      }
      sync().catch(report);
    },
    isPolicyRoom: (roomId) => roomId === resolved,
  };
}
