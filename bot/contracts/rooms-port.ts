// What the proposal service needs from the chat network. The Matrix adapter implements it; nothing here knows the SDK.
import type { Message } from './message.ts';
import type { RawVote, UnreadableResponse } from '../../governance/types.ts';

export interface PollSpec {
  question: string;
  answers: { id: string; label: string }[];
  disclosed: boolean;
}

export interface RoomsPort {
  /** Every send takes a transaction id derived from stored state, so a retry after a crash cannot post twice. */
  sendPollStart(roomId: string, poll: PollSpec, txnId: string): Promise<string>;
  sendPollEnd(roomId: string, startEventId: string, text: string, txnId: string): Promise<string>;
  /** `replyTo`: the command this notice answers (a plain reply, in the main timeline), when it answers one. */
  sendNotice(roomId: string, msg: Message, txnId: string, replyTo?: string): Promise<string>;
  joinedMembers(roomId: string): Promise<string[]>;
  /**
   * All responses related to a poll start, following pagination; redacted ones left out. Encrypted events related to
   * it that the bot could not decrypt come back as `unreadable`.
   */
  pollResponses(roomId: string, startEventId: string): Promise<PollResponses>;
}

export interface PollResponses {
  votes: RawVote[];
  unreadable: UnreadableResponse[];
}

/** Whether the bot can read what is sent in a room (bot/matrix/encrypted-rooms.ts): no poll opens where it cannot. */
export interface RoomReadability {
  isReadable(roomId: string): boolean;
  /** The bot runs working crypto: an event it still could not decrypt failed for another reason. */
  readonly canDecrypt?: boolean;
}

/** A room the bot creates (the policy room), as the Matrix adapter creates it. */
export interface CreateRoomOptions {
  name: string;
  topic: string;
  /** Default private_chat; public_chat also lists the room in the server's directory. */
  preset?: 'private_chat' | 'public_chat';
  roomType?: string;
  invite?: string[];
  /** Local part of an alias on the bot's own server (`#<localpart>:<server>`). */
  aliasLocalpart?: string;
  powerLevels?: Record<string, unknown>;
  initialState?: { type: string; state_key: string; content: Record<string, unknown> }[];
}

export interface StateEvent {
  type: string;
  state_key: string;
  content: Record<string, unknown>;
}
