// Matrix event shapes, MSC3381 poll contents and predicates for waitForEvent, shared by the e2e support code.

export interface MatrixEvent {
  event_id: string;
  type: string;
  sender: string;
  room_id: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  state_key?: string;
  redacts?: string;
  unsigned?: Record<string, unknown>;
}

export interface RelationsPage {
  chunk: MatrixEvent[];
  next_batch?: string;
}

export type EventPredicate = (event: MatrixEvent) => boolean;

export const POLL_START = 'org.matrix.msc3381.poll.start';
export const POLL_RESPONSE = 'org.matrix.msc3381.poll.response';
export const POLL_END = 'org.matrix.msc3381.poll.end';

/** An `m.room.message` whose body matches, optionally from one sender. */
export function textMatching(pattern: RegExp, sender?: string): EventPredicate {
  return (ev) =>
    ev.type === 'm.room.message' &&
    (sender === undefined || ev.sender === sender) &&
    typeof ev.content.body === 'string' &&
    pattern.test(ev.content.body);
}

export function ofType(type: string, sender?: string): EventPredicate {
  return (ev) => ev.type === type && (sender === undefined || ev.sender === sender);
}

/** MSC3381 poll start content (unstable types, as clients send them today). */
export function pollStartContent(
  question: string,
  answers: { id: string; text: string }[],
  kind: 'disclosed' | 'undisclosed' = 'disclosed',
): Record<string, unknown> {
  return {
    'org.matrix.msc1767.text': `${question}\n${answers.map((a, i) => `${i + 1}. ${a.text}`).join('\n')}`,
    [POLL_START]: {
      kind: `org.matrix.msc3381.poll.${kind}`,
      max_selections: 1,
      question: { 'org.matrix.msc1767.text': question },
      answers: answers.map((a) => ({ id: a.id, 'org.matrix.msc1767.text': a.text })),
    },
  };
}

export function pollResponseContent(startEventId: string, answers: string[]): Record<string, unknown> {
  return {
    'm.relates_to': { rel_type: 'm.reference', event_id: startEventId },
    [POLL_RESPONSE]: { answers },
  };
}

export function pollEndContent(startEventId: string, text: string): Record<string, unknown> {
  return {
    'm.relates_to': { rel_type: 'm.reference', event_id: startEventId },
    'org.matrix.msc1767.text': text,
    [POLL_END]: {},
  };
}

/** One line per event, for timeout messages. */
export function describe(ev: MatrixEvent): string {
  const body = typeof ev.content.body === 'string' ? ` ${JSON.stringify(ev.content.body.slice(0, 80))}` : '';
  return `${ev.type} from ${ev.sender}${body}`;
}
