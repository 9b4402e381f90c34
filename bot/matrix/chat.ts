// The Matrix side of the bot: sending replies, reactions, polls and notices, and reading members and relations.
import type { MatrixClient } from 'matrix-bot-sdk';
import type { Message } from '../contracts/message.ts';
import type { RawVote } from '../../governance/types.ts';
import type { CreateRoomOptions, PollResponses, PollSpec, RoomsPort, StateEvent } from '../contracts/rooms-port.ts';
import { renderMessage } from './render.ts';
import { effectivePowerLevel, type CreateEvent, type PowerLevelsContent } from './power-levels.ts';
import { withRateLimitRetry } from './rate-limit.ts';
import { outgoingEvent, readableEvent, uploadForRoom } from './room-crypto.ts';
import type { FileAttachment } from '../contracts/personal-impact-ports.ts';
import { encryptedResponse, POLL_END, POLL_START, pollEndContent, pollStartContent, responseToVote } from './poll-events.ts';

const enc = encodeURIComponent;

export function noticeContent(msg: Message): Record<string, unknown> {
  const rendered = renderMessage(msg);
  return { msgtype: 'm.notice', body: rendered.body, format: 'org.matrix.custom.html', formatted_body: rendered.html };
}

export class MatrixChat implements RoomsPort {
  private readonly client: MatrixClient;
  private readonly createEvents = new Map<string, CreateEvent>();

  constructor(client: MatrixClient) {
    this.client = client;
  }

  private async send(roomId: string, type: string, content: Record<string, unknown>, txnId: string): Promise<string> {
    // Encrypted once, before the retries: a retried PUT with the same transaction id must carry the same event.
    const event = await outgoingEvent(this.client, roomId, type, content);
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/send/${enc(event.type)}/${enc(txnId)}`;
    const response = await withRateLimitRetry(() => this.client.doRequest('PUT', path, null, event.content));
    return (response as { event_id: string }).event_id;
  }

  sendPollStart(roomId: string, poll: PollSpec, txnId: string): Promise<string> {
    return this.send(roomId, POLL_START, pollStartContent(poll), txnId);
  }

  sendPollEnd(roomId: string, startEventId: string, text: string, txnId: string): Promise<string> {
    return this.send(roomId, POLL_END, pollEndContent(startEventId, text), txnId);
  }

  sendNotice(roomId: string, msg: Message, txnId: string, replyTo?: string): Promise<string> {
    const content = replyTo ? { ...noticeContent(msg), 'm.relates_to': { 'm.in_reply_to': { event_id: replyTo } } } : noticeContent(msg);
    return this.send(roomId, 'm.room.message', content, txnId);
  }

  /** A file (m.file), uploaded first; `replyTo` makes it a reply to that event. */
  async sendFile(roomId: string, file: FileAttachment, txnId: string, replyTo?: string): Promise<string> {
    const data = Buffer.from(file.text, 'utf8');
    const media = await withRateLimitRetry(() => uploadForRoom(this.client, roomId, data, file.mimetype, file.name));
    const content: Record<string, unknown> = { msgtype: 'm.file', body: file.name, filename: file.name, info: { mimetype: file.mimetype, size: data.length }, ...media };
    if (replyTo) content['m.relates_to'] = { 'm.in_reply_to': { event_id: replyTo } };
    return this.send(roomId, 'm.room.message', content, txnId);
  }

  /** A reply in the thread of the command (or the thread the command was already in). */
  replyInThread(roomId: string, command: { eventId: string; threadRoot?: string }, msg: Message, txnId: string): Promise<string> {
    const content = {
      ...noticeContent(msg),
      'm.relates_to': {
        rel_type: 'm.thread',
        event_id: command.threadRoot ?? command.eventId,
        is_falling_back: command.threadRoot === undefined,
        'm.in_reply_to': { event_id: command.eventId },
      },
    };
    return this.send(roomId, 'm.room.message', content, txnId);
  }

  react(roomId: string, eventId: string, key: string, txnId: string): Promise<string> {
    const content = { 'm.relates_to': { rel_type: 'm.annotation', event_id: eventId, key } };
    return this.send(roomId, 'm.reaction', content, txnId);
  }

  /** Redacts an event (another user's needs the room's redact power level). */
  async redact(roomId: string, eventId: string, reason: string, txnId: string): Promise<void> {
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/redact/${enc(eventId)}/${enc(txnId)}`;
    await withRateLimitRetry(() => this.client.doRequest('PUT', path, null, { reason }));
  }

  /** Puts a state event; returns its event id. */
  async sendState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>): Promise<string> {
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`;
    const response = await withRateLimitRetry(() => this.client.doRequest('PUT', path, null, content));
    return (response as { event_id: string }).event_id;
  }

  async createRoom(options: CreateRoomOptions): Promise<string> {
    const preset = options.preset ?? 'private_chat';
    const body: Record<string, unknown> = { preset, name: options.name, topic: options.topic, invite: options.invite ?? [] };
    if (preset === 'public_chat') body.visibility = 'public';
    if (options.roomType) body.creation_content = { type: options.roomType };
    if (options.aliasLocalpart) body.room_alias_name = options.aliasLocalpart;
    if (options.powerLevels) body.power_level_content_override = options.powerLevels;
    if (options.initialState) body.initial_state = options.initialState;
    const response = await withRateLimitRetry(() => this.client.doRequest('POST', '/_matrix/client/v3/createRoom', null, body));
    return (response as { room_id: string }).room_id;
  }

  /** A private room marked as a direct chat with `userId`. */
  async createDirectRoom(userId: string): Promise<string> {
    const body = { preset: 'trusted_private_chat', is_direct: true, invite: [userId], name: 'fedimoot' };
    const response = await withRateLimitRetry(() => this.client.doRequest('POST', '/_matrix/client/v3/createRoom', null, body));
    return (response as { room_id: string }).room_id;
  }

  /** Every current state event of a room (type, state key, content). */
  async roomState(roomId: string): Promise<StateEvent[]> {
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/state`;
    return (await withRateLimitRetry(() => this.client.doRequest('GET', path))) as StateEvent[];
  }

  async joinRoom(roomIdOrAlias: string): Promise<string> {
    return withRateLimitRetry(() => this.client.joinRoom(roomIdOrAlias));
  }

  async joinedMembers(roomId: string): Promise<string[]> {
    const response = await withRateLimitRetry(() => this.client.doRequest('GET', `/_matrix/client/v3/rooms/${enc(roomId)}/joined_members`));
    return Object.keys((response as { joined: Record<string, unknown> }).joined ?? {});
  }

  async powerLevel(roomId: string, userId: string): Promise<number> {
    return effectivePowerLevel(userId, await this.powerLevels(roomId), await this.createEvent(roomId));
  }

  /** Whether the user's power level reaches the room's redact level (the spec's default 50 when unset). */
  async mayRedact(roomId: string, userId: string): Promise<boolean> {
    const levels = await this.powerLevels(roomId);
    const redact = typeof levels.redact === 'number' ? levels.redact : 50;
    return effectivePowerLevel(userId, levels, await this.createEvent(roomId)) >= redact;
  }

  private async powerLevels(roomId: string): Promise<PowerLevelsContent> {
    return (await withRateLimitRetry(() => this.client.getRoomStateEvent(roomId, 'm.room.power_levels', ''))) as PowerLevelsContent;
  }

  /** The m.room.create event as a whole (its sender is the creator); it never changes, so it is read once. */
  private async createEvent(roomId: string): Promise<CreateEvent> {
    const known = this.createEvents.get(roomId);
    if (known) return known;
    const path = `/_matrix/client/v3/rooms/${enc(roomId)}/state/m.room.create/`;
    const event = (await withRateLimitRetry(() => this.client.doRequest('GET', path, { format: 'event' }))) as CreateEvent;
    this.createEvents.set(roomId, event);
    return event;
  }

  async pollResponses(roomId: string, startEventId: string): Promise<PollResponses> {
    const votes: RawVote[] = [];
    const unreadable: PollResponses['unreadable'] = [];
    let from: string | undefined;
    do {
      const path = `/_matrix/client/v1/rooms/${enc(roomId)}/relations/${enc(startEventId)}/m.reference`;
      const query: Record<string, string | number> = { limit: 500 };
      if (from) query.from = from;
      const page = (await withRateLimitRetry(() => this.client.doRequest('GET', path, query))) as {
        chunk: Record<string, unknown>[];
        next_batch?: string;
      };
      for (const relation of page.chunk) {
        if ((relation.unsigned as { redacted_because?: unknown } | undefined)?.redacted_because) continue;
        const event = await readableEvent(this.client, roomId, relation);
        const vote = responseToVote(roomId, event);
        if (vote) votes.push(vote);
        // Without crypto the homeserver's encrypted events come back as they are: their relation is all we can read.
        const encrypted = encryptedResponse(roomId, event);
        if (encrypted?.target === startEventId) unreadable.push(encrypted.response);
      }
      from = page.next_batch;
    } while (from);
    return { votes, unreadable };
  }
}
