// The native polls of a proposal: one per room, with the m.notice sent beside it and the end event sent at the close.
// A row is added before anything is sent and each event id is filled in once sent, so a crash between the two steps
// leaves a record of what is still to do (the Matrix transaction id keeps the resend from posting twice).

import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';
import { optional } from './sql-values.ts';

export type PollKind = 'disclosed' | 'undisclosed';

export interface Poll {
  proposalId: number;
  roomId: string;
  kind: PollKind;
  /** Absent until the poll start event is sent. */
  startEventId?: string;
  noticeEventId?: string;
  endEventId?: string;
  createdAt: number;
  endedAt?: number;
}

export interface NewPoll {
  proposalId: number;
  roomId: string;
  kind: PollKind;
  startEventId?: string;
  noticeEventId?: string;
  createdAt?: number;
}

export interface PollRepository {
  /** Adds the poll of a room; false, changing nothing, if that room already has one for the proposal. */
  add(poll: NewPoll): boolean;
  get(proposalId: number, roomId: string): Poll | undefined;
  /** Each setter writes once: false if the poll is unknown or that event was already recorded. */
  setStartEvent(proposalId: number, roomId: string, startEventId: string): boolean;
  setNoticeEvent(proposalId: number, roomId: string, noticeEventId: string): boolean;
  setEndEvent(proposalId: number, roomId: string, endEventId: string, endedAt?: number): boolean;
  forProposal(proposalId: number): Poll[];
  /** The poll a response relates to (its m.relates_to event id), if it is one of ours. */
  findByStartEvent(startEventId: string): Poll | undefined;
}

interface PollRow {
  proposal_id: number;
  room_id: string;
  kind: PollKind;
  start_event_id: string | null;
  notice_event_id: string | null;
  end_event_id: string | null;
  created_at: number;
  ended_at: number | null;
}

function toPoll(row: PollRow): Poll {
  return {
    proposalId: row.proposal_id,
    roomId: row.room_id,
    kind: row.kind,
    startEventId: optional(row.start_event_id),
    noticeEventId: optional(row.notice_event_id),
    endEventId: optional(row.end_event_id),
    createdAt: row.created_at,
    endedAt: optional(row.ended_at),
  };
}

export function createPollRepository(db: Database, clock: Clock): PollRepository {
  const insert = db.prepare<[number, string, PollKind, string | null, string | null, number]>(
    `INSERT INTO polls (proposal_id, room_id, kind, start_event_id, notice_event_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (proposal_id, room_id) DO NOTHING`,
  );
  const select = db.prepare<[number, string], PollRow>('SELECT * FROM polls WHERE proposal_id = ? AND room_id = ?');
  const updateStart = db.prepare<[string, number, string]>(
    'UPDATE polls SET start_event_id = ? WHERE proposal_id = ? AND room_id = ? AND start_event_id IS NULL',
  );
  const updateNotice = db.prepare<[string, number, string]>(
    'UPDATE polls SET notice_event_id = ? WHERE proposal_id = ? AND room_id = ? AND notice_event_id IS NULL',
  );
  const updateEnd = db.prepare<[string, number, number, string]>(
    'UPDATE polls SET end_event_id = ?, ended_at = ? WHERE proposal_id = ? AND room_id = ? AND end_event_id IS NULL',
  );
  const selectForProposal = db.prepare<[number], PollRow>(
    'SELECT * FROM polls WHERE proposal_id = ? ORDER BY created_at, room_id',
  );
  const selectByStart = db.prepare<[string], PollRow>('SELECT * FROM polls WHERE start_event_id = ?');

  return {
    add: (poll) =>
      insert.run(
        poll.proposalId,
        poll.roomId,
        poll.kind,
        poll.startEventId ?? null,
        poll.noticeEventId ?? null,
        poll.createdAt ?? clock(),
      ).changes === 1,
    get(proposalId, roomId) {
      const row = select.get(proposalId, roomId);
      return row ? toPoll(row) : undefined;
    },
    setStartEvent: (proposalId, roomId, eventId) => updateStart.run(eventId, proposalId, roomId).changes === 1,
    setNoticeEvent: (proposalId, roomId, eventId) => updateNotice.run(eventId, proposalId, roomId).changes === 1,
    setEndEvent: (proposalId, roomId, eventId, endedAt = clock()) =>
      updateEnd.run(eventId, endedAt, proposalId, roomId).changes === 1,
    forProposal: (proposalId) => selectForProposal.all(proposalId).map(toPoll),
    findByStartEvent(startEventId) {
      const row = selectByStart.get(startEventId);
      return row ? toPoll(row) : undefined;
    },
  };
}
