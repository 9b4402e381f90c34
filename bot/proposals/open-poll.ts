// Opening a proposal: fix who may vote, write everything down, then publish the poll in each room.
import type { ProposalView, Result } from '../contracts/ports.ts';
import { fail, ok } from '../contracts/ports.ts';
import type { ProposalRefusal } from '../contracts/refusals.ts';
import { eligibilitySnapshot } from '../../governance/eligibility.ts';
import type { Rules } from '../../governance/types.ts';
import type { NewJob } from '../../storage/jobs.ts';
import { jobOf } from '../job-kinds.ts';
import type { ConfigSections, ProposalDeps } from './deps.ts';
import { isReadableRoom, proposalRoomIds } from './deps.ts';
import { pollNotice, pollSpec } from '../wording/announcements.ts';
import { toView } from './view.ts';
import { txnId } from './txn.ts';
import { scheduleMilestone } from './hooks.ts';
import { noticeExtras, type NoticeExtrasContext } from './notice-extras.ts';
import { linkedAccountRule } from './linked-accounts.ts';
import { noPollHereMessage, staffNoPollMessage } from '../wording/unreadable-notices.ts';
import { watchGcPauses } from '../gc-pauses.ts';

/**
 * Opening takes almost the whole context (every room's members and readability, the linked accounts on the instance,
 * the rules, the milestone); only peer watch and the config outside governance and matrix are left out.
 */
export type OpenContext = Omit<ProposalDeps, 'peers' | 'config'> & ConfigSections<'governance' | 'matrix'>;
/** Posting a poll and its notice in one room (the notice's extra lines included). */
export type PublishPollContext = NoticeExtrasContext & Pick<ProposalDeps, 'rooms' | 'now'>;

export function rulesInForce(deps: ConfigSections<'governance'>): Rules {
  const g = deps.config.governance;
  return { quorum: { ...g.quorum }, thresholds: { ...g.thresholds } };
}

export async function openProposal(deps: OpenContext, id: number): Promise<Result<ProposalView, ProposalRefusal>> {
  const rooms = proposalRoomIds(deps);
  // No poll where the bot could not read its answers (an encrypted room without working crypto). Those rooms' members
  // still count as eligible: the rule is "members of the proposal's rooms at opening", and they can vote in a readable
  // room; leaving them out would take the vote from members for the bot's limitation.
  const pollRooms = rooms.filter((room) => isReadableRoom(deps, room));
  const unreadableRooms = rooms.filter((room) => !isReadableRoom(deps, room));
  if (pollRooms.length === 0) return fail({ kind: 'no_readable_room', id });
  const snapshotStart = performance.now();
  const gc = watchGcPauses();
  let roomMembers: string[][];
  try {
    roomMembers = await Promise.all(rooms.map((room) => deps.rooms.joinedMembers(room)));
  } catch (error) {
    gc.stop();
    deps.logger.warn({ err: error, proposal: id }, 'could not read room members to open a proposal');
    return fail({ kind: 'members_unreadable', id });
  }
  const membersMs = Math.round(performance.now() - snapshotStart);
  const membersGc = gc.stop();
  const now = deps.now();
  const eligible = eligibilitySnapshot({
    roomMembers,
    botUserId: deps.botUserId,
    ignoredUsers: deps.config.matrix.ignoredUsers,
    linked: await linkedAccountRule(deps, [...new Set(roomMembers.flat())], now),
  });
  // For the bench's scale section, and an operator wondering about a large room: members read and the snapshot made.
  deps.logger.debug({ proposal: id, eligible: eligible.length, membersMs, ...membersGc, ms: Math.round(performance.now() - snapshotStart) }, 'eligibility snapshot taken');
  const record = deps.store.proposals.get(id)!;
  const deadlineAt = now + record.durationMs;
  const remindBefore = deps.config.governance.remindBefore;
  const jobs: NewJob[] = [];
  for (const roomId of pollRooms) jobs.push(jobOf('publish_poll', id, now, { roomId }));
  jobs.push(jobOf('close', id, deadlineAt, {}));
  if (remindBefore > 0 && deadlineAt - remindBefore > now) jobs.push(jobOf('remind', id, deadlineAt - remindBefore, {}));
  for (const roomId of unreadableRooms) jobs.push(jobOf('no_poll_notice', id, now, { roomId }));
  if (unreadableRooms.length) jobs.push(jobOf('no_poll_staff_notice', id, now, { rooms: unreadableRooms }));
  const opened = deps.store.proposals.advance(id, { type: 'open' }, {
    fields: { openedAt: now, deadlineAt, rules: rulesInForce(deps) },
    jobs,
    effects: () => {
      deps.store.eligibility.insertMany(id, eligible);
      for (const roomId of pollRooms) deps.store.polls.add({ proposalId: id, roomId, kind: deps.config.governance.pollKind });
      scheduleMilestone(deps, 'opened', id);
      const detail = { eligible: eligible.length, deadlineAt, ...(unreadableRooms.length ? { noPollIn: unreadableRooms } : {}) };
      deps.store.audit.append({ ts: now, actor: 'fedimoot', action: 'open', proposalId: id, detail });
    },
  }).ok;
  if (!opened) return fail({ kind: 'not_waiting_to_open', id });
  await deps.kick();
  return ok(toView(deps.store, deps.store.proposals.get(id)!));
}

/** Job: post the poll and its notice in one room. Safe to run again: each step is skipped once recorded. */
export async function publishPoll(deps: PublishPollContext, id: number, roomId: string): Promise<void> {
  const record = deps.store.proposals.get(id);
  const poll = deps.store.polls.get(id, roomId);
  if (!record || !poll || record.state !== 'open') return;
  const view = toView(deps.store, record);
  if (!poll.startEventId) {
    const eventId = await deps.rooms.sendPollStart(roomId, pollSpec(view), txnId('poll', id, roomId));
    deps.store.polls.setStartEvent(id, roomId, eventId);
  }
  if (!poll.noticeEventId) {
    const eligible = deps.store.eligibility.count(id);
    const notice = pollNotice(view, eligible, deps.config.matrix.commandPrefix, deps.now(), await noticeExtras(deps, view));
    // In the room it was proposed in, the notice is the answer to the propose command (one message for the event).
    const answers = roomId === record.originRoomId ? record.originEventId : undefined;
    const eventId = await deps.rooms.sendNotice(roomId, notice, txnId('notice', id, roomId), answers);
    deps.store.polls.setNoticeEvent(id, roomId, eventId);
  }
}

/** Job: tell an encrypted room that the proposal opened no poll there, and why. */
export async function noticeNoPoll(deps: Pick<ProposalDeps, 'store' | 'rooms' | 'now'> & ConfigSections<'matrix'>, id: number, roomId: string): Promise<void> {
  const record = deps.store.proposals.get(id);
  if (!record) return;
  const notice = noPollHereMessage(toView(deps.store, record), deps.config.matrix.commandPrefix, deps.now());
  await deps.rooms.sendNotice(roomId, notice, txnId('no-poll', id, roomId));
}

/** Job: tell staff which rooms got no poll. Staff rooms among them were told in the room itself. */
export async function noticeNoPollToStaff(deps: Pick<ProposalDeps, 'store' | 'rooms' | 'staffRoomIds'>, id: number, roomIds: readonly string[]): Promise<void> {
  const record = deps.store.proposals.get(id);
  if (!record) return;
  const notice = staffNoPollMessage(toView(deps.store, record), roomIds);
  for (const staffRoom of deps.staffRoomIds) {
    if (roomIds.includes(staffRoom)) continue;
    await deps.rooms.sendNotice(staffRoom, notice, txnId('no-poll-staff', id, staffRoom));
  }
}
