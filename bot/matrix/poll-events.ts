// MSC3381 event shapes. We send the unstable types and read both the unstable and the stable names.
import type { RawVote, UnreadableResponse } from '../../governance/types.ts';
import type { PollSpec } from '../contracts/rooms-port.ts';

export const POLL_START = 'org.matrix.msc3381.poll.start';
export const POLL_RESPONSE = 'org.matrix.msc3381.poll.response';
export const POLL_END = 'org.matrix.msc3381.poll.end';
const TEXT = 'org.matrix.msc1767.text';
const RESPONSE_TYPES = new Set([POLL_RESPONSE, 'm.poll.response']);
const END_TYPES = new Set([POLL_END, 'm.poll.end']);

export function pollStartContent(poll: PollSpec): Record<string, unknown> {
  const fallback = `${poll.question}\n${poll.answers.map((a, i) => `${i + 1}. ${a.label}`).join('\n')}`;
  return {
    [TEXT]: fallback,
    body: fallback,
    msgtype: 'm.text',
    [POLL_START]: {
      kind: poll.disclosed ? 'org.matrix.msc3381.poll.disclosed' : 'org.matrix.msc3381.poll.undisclosed',
      max_selections: 1,
      question: { [TEXT]: poll.question, body: poll.question, msgtype: 'm.text' },
      answers: poll.answers.map((a) => ({ id: a.id, [TEXT]: a.label })),
    },
  };
}

export function pollEndContent(startEventId: string, text: string): Record<string, unknown> {
  return {
    'm.relates_to': { rel_type: 'm.reference', event_id: startEventId },
    [TEXT]: text,
    body: text,
    [POLL_END]: {},
  };
}

interface MatrixEventLike {
  type?: string;
  sender?: string;
  event_id?: string;
  origin_server_ts?: number;
  content?: Record<string, unknown>;
  unsigned?: { redacted_because?: unknown };
}

export function isPollResponse(event: MatrixEventLike): boolean {
  return RESPONSE_TYPES.has(event.type ?? '');
}

export function isPollEnd(event: MatrixEventLike): boolean {
  return END_TYPES.has(event.type ?? '');
}

/** The poll start a response or an end refers to, if the event is well formed. */
export function pollTarget(event: MatrixEventLike): string | undefined {
  const relates = event.content?.['m.relates_to'] as { rel_type?: string; event_id?: unknown } | undefined;
  return relates?.rel_type === 'm.reference' && typeof relates.event_id === 'string' ? relates.event_id : undefined;
}

/** A poll response as a raw vote; answers not given as a list of strings make an empty (spoiled, not un-vote) list marker. */
export function responseToVote(roomId: string, event: MatrixEventLike): RawVote | undefined {
  if (!isPollResponse(event) || !event.sender || !event.event_id || typeof event.origin_server_ts !== 'number') return undefined;
  const body = (event.content?.[POLL_RESPONSE] ?? event.content?.['m.poll.response'] ?? event.content?.['m.selections']) as
    | { answers?: unknown }
    | unknown[]
    | undefined;
  const rawAnswers = Array.isArray(body) ? body : body?.answers;
  const answers = Array.isArray(rawAnswers) ? rawAnswers.map((a) => (typeof a === 'string' ? a : '\u0000invalid')) : ['\u0000invalid'];
  return { voter: event.sender, answers, ts: event.origin_server_ts, eventId: event.event_id, roomId, source: 'poll' };
}

export const ENCRYPTED = 'm.room.encrypted';

/**
 * An encrypted event the bot could not decrypt that refers to a poll start in clear text (`m.relates_to` stays
 * readable): most likely a poll response, recorded as unreadable. (An encrypted poll end looks the same; it cannot be
 * told apart, so it is counted as an unreadable response of its sender, which errs towards "incomplete".)
 */
export function encryptedResponse(roomId: string, event: MatrixEventLike): { target: string; response: UnreadableResponse } | undefined {
  if (event.type !== ENCRYPTED || !event.sender || !event.event_id || typeof event.origin_server_ts !== 'number') return undefined;
  const target = pollTarget(event);
  return target ? { target, response: { voter: event.sender, ts: event.origin_server_ts, eventId: event.event_id, roomId } } : undefined;
}
