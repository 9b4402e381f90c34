// Everything the bot reads from its rooms passes through here, in sync order: commands, poll responses and ends,
// redactions.
import type { CommandContext, CommandDispatcher } from '../contracts/spec.ts';
import type { CommandSettings, ProposalActions } from '../contracts/ports.ts';
import type { InstanceActions } from '../contracts/instance-ports.ts';
import type { LinkActions, PledgeActions } from '../contracts/pledge-ports.ts';
import type { PersonalImpactActions } from '../contracts/personal-impact-ports.ts';
import type { IntakeActions } from '../contracts/intake-ports.ts';
import type { PeerActions } from '../contracts/peer-ports.ts';
import { message, paragraph, type CommandReply } from '../contracts/message.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../../storage/store.ts';
import type { MatrixChat } from './chat.ts';
import { ENCRYPTED, isPollEnd, isPollResponse, pollTarget, responseToVote } from './poll-events.ts';
import { ingestPollResponse } from '../proposals/votes.ts';
import { handleEncryptedEvent } from './encrypted-intake.ts';
import { pollEndedBy, type PollEndContext } from '../proposals/poll-end.ts';
import type { ProposalDeps } from '../proposals/deps.ts';
import { sendPrivateReply, type DirectSender } from './private-reply.ts';
import { extractCommandText, mentionsBot } from './addressing.ts';

export interface IntakeDeps {
  chat: MatrixChat;
  store: Store;
  logger: Logger;
  botUserId: string;
  botDisplayName?: string;
  settings: CommandSettings;
  commands: CommandDispatcher;
  staffRoomIds: ReadonlySet<string>;
  memberRoomIds: ReadonlySet<string>;
  /** Direct-message rooms with the bot → the user each is with: only personal commands, only from that user. */
  directRooms?: ReadonlyMap<string, string>;
  staffPowerLevel: number;
  proposals: ProposalActions;
  instance?: InstanceActions;
  pledges?: PledgeActions;
  links?: LinkActions;
  personal?: PersonalImpactActions;
  /** The followed block lists, for `sources`. */
  signals?: IntakeActions;
  peers?: PeerActions;
  /** The proposal workflow as the room events reach it: poll responses recorded, poll ends closing a vote. */
  proposalDeps: PollEndContext & Pick<ProposalDeps, 'readability'>;
  /** Events older than this are history from a first sync, not commands to run now. */
  ignoreBefore?: number;
  /** Rooms joined while running: messages older than the join were not meant for the bot. */
  roomJoinedAt?: ReadonlyMap<string, number>;
  /** `matrix.ignoredUsers` (bridges, other bots): their messages are never taken as commands. */
  isIgnored?: (userId: string) => boolean;
  /**
   * Runs a command or a poll end off the sync loop, after those before it (command-lane.ts); absent, the handler
   * awaits it in place.
   */
  inLane?: (task: () => Promise<void>, roomId: string) => void;
  /** Where private answers to commands written in a room go: the sender's direct message with the bot. */
  direct?: DirectSender;
  now?: () => number;
}

/** An event that arrived still encrypted: the bot could not decrypt it (see encrypted-intake.ts). */
async function handleEncrypted(deps: IntakeDeps, roomId: string, event: RoomEvent, origin: EventOrigin): Promise<void> {
  const mayAnswer = !origin.late && !isBefore(deps, roomId, event) && !deps.isIgnored?.(event.sender);
  const encryptedDeps = {
    store: deps.store,
    proposalDeps: deps.proposalDeps,
    now: deps.now ?? Date.now,
    sendNotice: (room: string, msg: Parameters<MatrixChat['sendNotice']>[1], txn: string) => deps.chat.sendNotice(room, msg, txn),
  };
  await handleEncryptedEvent(encryptedDeps, roomId, event, mayAnswer);
}

export interface RoomEvent {
  type: string;
  sender: string;
  event_id: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  redacts?: string;
  unsigned?: Record<string, unknown>;
}

function threadRootOf(content: Record<string, unknown>): string | undefined {
  const relates = content['m.relates_to'] as { rel_type?: string; event_id?: string } | undefined;
  return relates?.rel_type === 'm.thread' ? relates.event_id : undefined;
}

async function sendReply(deps: IntakeDeps, roomId: string, event: RoomEvent, result: CommandReply): Promise<void> {
  const command = { eventId: event.event_id, threadRoot: threadRootOf(event.content) };
  if (result.kind === 'reply' && result.private && roomKindOf(deps, roomId) !== 'direct') {
    await sendPrivateReply(deps, { ...command, roomId, sender: event.sender }, result.message, result.file);
    return;
  }
  if (result.kind === 'announced') return;
  if (result.kind === 'reaction') {
    await deps.chat.react(roomId, event.event_id, result.ok ? '✅' : '❌', `fedimoot.react.${event.event_id}`);
    if (result.message) await deps.chat.replyInThread(roomId, command, result.message, `fedimoot.reply.${event.event_id}`);
    return;
  }
  const replyId = await deps.chat.replyInThread(roomId, command, result.message, `fedimoot.reply.${event.event_id}`);
  if (result.file) await deps.chat.sendFile(roomId, result.file, `fedimoot.file.${event.event_id}`, replyId);
}

export interface EventOrigin {
  /** Read back from a gap in the sync (after downtime): only commands marked `late` still run. */
  late?: boolean;
}

function roomKindOf(deps: IntakeDeps, roomId: string): CommandContext['roomKind'] {
  if (deps.staffRoomIds.has(roomId)) return 'staff';
  return deps.memberRoomIds.has(roomId) ? 'member' : 'direct';
}

async function handleMessage(deps: IntakeDeps, roomId: string, event: RoomEvent, origin: EventOrigin): Promise<void> {
  const { content } = event;
  if (typeof content.body !== 'string' || (content['m.relates_to'] as { rel_type?: string } | undefined)?.rel_type === 'm.replace') return;
  let text = extractCommandText(content.body, {
    prefix: deps.settings.prefix,
    botUserId: deps.botUserId,
    botDisplayName: deps.botDisplayName,
    mentionsBot: mentionsBot(content, deps.botUserId),
  });
  // In a direct message everything is said to the bot: a bare "help" is a command there.
  if (text === undefined && roomKindOf(deps, roomId) === 'direct') text = content.body.trim();
  if (text === undefined) return;
  if (origin.late && !deps.commands.runsLate(text)) return;
  if (deps.store.seen.commandSeen(event.event_id)) return;
  // Marked before running: a crash mid-command loses that one command (its author sees no reply) rather than running it twice.
  deps.store.seen.markCommand(event.event_id, event.origin_server_ts);
  const ctx: CommandContext = {
    sender: event.sender,
    roomId,
    eventId: event.event_id,
    eventTs: event.origin_server_ts,
    roomKind: roomKindOf(deps, roomId),
    isStaff: async () => deps.staffRoomIds.has(roomId) && (await deps.chat.powerLevel(roomId, event.sender)) >= deps.staffPowerLevel,
    isStaffMember: () => isStaffSomewhere(deps, event.sender),
    settings: deps.settings,
    proposals: deps.proposals,
    instance: deps.instance,
    pledges: deps.pledges,
    links: deps.links,
    personal: deps.personal,
    intake: deps.signals,
    peers: deps.peers,
  };
  let result: CommandReply;
  try {
    result = await deps.commands.dispatch(text, ctx);
  } catch (error) {
    deps.logger.error({ err: error, room: roomId, event: event.event_id }, 'command failed');
    result = { kind: 'reply', error: true, message: message(paragraph(`Something went wrong while running that command; nothing was changed by the failed step. Staff can find event ${event.event_id} in the bot's log.`)) };
  }
  deps.store.audit.append({ ts: Date.now(), actor: event.sender, roomId, action: 'command', detail: { eventId: event.event_id, command: text.split(/\s/)[0] ?? '', ok: !(result.kind === 'reply' && result.error) } });
  await sendReply(deps, roomId, event, result);
}

export async function handleRoomEvent(deps: IntakeDeps, roomId: string, event: RoomEvent, origin: EventOrigin = {}): Promise<void> {
  if (event.sender === deps.botUserId) return;
  const directUser = deps.directRooms?.get(roomId);
  if (directUser !== undefined) {
    if (event.sender === directUser && event.type === 'm.room.message' && !isBefore(deps, roomId, event)) await queued(deps, roomId, () => handleMessage(deps, roomId, event, origin));
    if (event.sender === directUser && event.type === ENCRYPTED) await handleEncrypted(deps, roomId, event, origin);
    return;
  }
  if (!deps.staffRoomIds.has(roomId) && !deps.memberRoomIds.has(roomId)) return;
  if (event.type === ENCRYPTED) {
    await handleEncrypted(deps, roomId, event, origin);
    return;
  }
  if (isPollResponse(event)) {
    const target = pollTarget(event);
    const vote = responseToVote(roomId, event);
    if (target && vote) ingestPollResponse(deps.proposalDeps, target, vote);
    return;
  }
  if (isPollEnd(event)) {
    if (!isBefore(deps, roomId, event) && !deps.isIgnored?.(event.sender)) await queued(deps, roomId, () => handlePollEnd(deps, roomId, event));
    return;
  }
  if (event.type === 'm.room.redaction') {
    const redacts = event.redacts ?? (event.content.redacts as string | undefined);
    if (redacts) {
      deps.store.votes.markRedacted(redacts);
      deps.store.unreadable.markRedacted(redacts);
    }
    return;
  }
  if (event.type !== 'm.room.message' || isBefore(deps, roomId, event)) return;
  if (deps.isIgnored?.(event.sender)) return;
  await queued(deps, roomId, () => handleMessage(deps, roomId, event, origin));
}

/** In the command lane when there is one, else at once. */
function queued(deps: IntakeDeps, roomId: string, task: () => Promise<void>): Promise<void> {
  if (!deps.inLane) return task();
  deps.inLane(task, roomId);
  return Promise.resolve();
}

/** Staff (as for staff commands, in any staff room) who also have the redact power level where they ended the poll. */
async function mayClose(deps: IntakeDeps, roomId: string, userId: string): Promise<boolean> {
  if (!(await deps.chat.mayRedact(roomId, userId))) return false;
  return isStaffSomewhere(deps, userId);
}

/** Joined in some staff room with the staff power level there. */
async function isStaffSomewhere(deps: IntakeDeps, userId: string): Promise<boolean> {
  for (const staffRoom of deps.staffRoomIds) {
    if ((await deps.chat.powerLevel(staffRoom, userId)) < deps.staffPowerLevel) continue;
    if ((await deps.chat.joinedMembers(staffRoom)).includes(userId)) return true;
  }
  return false;
}

async function handlePollEnd(deps: IntakeDeps, roomId: string, event: RoomEvent): Promise<void> {
  const startEventId = pollTarget(event);
  if (!startEventId) return;
  const end = { startEventId, roomId, sender: event.sender, eventId: event.event_id, ts: event.origin_server_ts };
  const outcome = await pollEndedBy(deps.proposalDeps, end, () => mayClose(deps, roomId, event.sender));
  if (outcome.kind === 'closed') deps.logger.info({ room: roomId, event: event.event_id, by: event.sender }, 'staff ended a poll: vote closed');
  if (outcome.kind !== 'goes_on') return;
  // Threads cannot start from an event with a relation (the end has one), so the reply goes in the poll's thread.
  await deps.chat.replyInThread(roomId, { eventId: event.event_id, threadRoot: startEventId }, outcome.notice, `fedimoot.reply.${event.event_id}`);
}

/** Said before the bot was there to read it: history from a first sync, or from before the bot joined the room. */
function isBefore(deps: IntakeDeps, roomId: string, event: RoomEvent): boolean {
  if (deps.ignoreBefore !== undefined && event.origin_server_ts < deps.ignoreBefore) return true;
  const joinedAt = deps.roomJoinedAt?.get(roomId);
  return joinedAt !== undefined && event.origin_server_ts < joinedAt;
}
