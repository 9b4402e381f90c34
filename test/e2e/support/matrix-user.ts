// A small fetch-based Matrix client for the humans in e2e tests (the bot under test uses matrix-bot-sdk).
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerUser, type MatrixSession } from '../../servers/synapse-users.ts';
import { RoomTimelines } from './matrix-sync.ts';
import {
  pollEndContent,
  pollResponseContent,
  pollStartContent,
  POLL_END,
  POLL_RESPONSE,
  POLL_START,
  type EventPredicate,
  type MatrixEvent,
  type RelationsPage,
} from './matrix-events.ts';

export * from './matrix-events.ts';

export interface SynapseRef {
  url: string;
  serverName: string;
  registrationSharedSecret: string;
}

export interface CreateRoomOptions {
  name?: string;
  topic?: string;
  invite?: string[];
  /** Merged into the default power levels (`power_level_content_override`). */
  powerLevels?: Record<string, unknown>;
  /** Localpart of the alias: `town-hall` → `#town-hall:<server>`. */
  alias?: string;
  /** `public_chat` lets anyone join; default `private_chat`. */
  preset?: 'private_chat' | 'public_chat' | 'trusted_private_chat';
  initialState?: { type: string; state_key?: string; content: Record<string, unknown> }[];
  roomType?: string;
  /** Marks the invites as a direct chat (what clients send when starting a DM). */
  isDirect?: boolean;
}

export class MatrixUser {
  readonly url: string;
  readonly userId: string;
  readonly accessToken: string;
  readonly deviceId: string;
  readonly password: string;
  private readonly timelines: RoomTimelines;
  private txn = 0;

  constructor(url: string, session: MatrixSession, password = '') {
    this.url = url;
    this.userId = session.userId;
    this.accessToken = session.accessToken;
    this.deviceId = session.deviceId;
    this.password = password;
    this.timelines = new RoomTimelines(this.userId, (method, path, query) => this.request(method, path, undefined, query));
  }

  static async register(
    synapse: SynapseRef,
    localpart: string,
    options: { admin?: boolean; password?: string } = {},
  ): Promise<MatrixUser> {
    const password = options.password ?? `pw-${randomBytes(6).toString('hex')}`;
    const session = await registerUser(synapse.url, synapse.registrationSharedSecret, localpart, password, options);
    return new MatrixUser(synapse.url, session, password);
  }

  /** A JSON request with this user's token; retries 429 after `retry_after_ms`. */
  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.size ? `?${params}` : '';
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.url}${path}${qs}`, {
        method,
        headers: {
          authorization: `Bearer ${this.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      if (res.status === 429 && attempt < 10) {
        const retry = typeof json.retry_after_ms === 'number' ? json.retry_after_ms : 1000;
        await sleep(Math.min(retry, 10_000));
        continue;
      }
      if (!res.ok) {
        throw new MatrixError(`${method} ${path} → ${res.status} ${text}`, res.status, String(json.errcode ?? ''));
      }
      return json as T;
    }
  }

  async createRoom(options: CreateRoomOptions = {}): Promise<string> {
    const preset = options.preset ?? 'private_chat';
    const body: Record<string, unknown> = {
      preset,
      visibility: preset === 'public_chat' ? 'public' : 'private',
      name: options.name,
      topic: options.topic,
      invite: options.invite ?? [],
      room_alias_name: options.alias,
      power_level_content_override: options.powerLevels,
      initial_state: options.initialState,
      creation_content: options.roomType ? { type: options.roomType } : undefined,
      is_direct: options.isDirect,
    };
    const since = await this.timelines.position();
    const { room_id } = await this.request<{ room_id: string }>('POST', '/_matrix/client/v3/createRoom', body);
    this.timelines.track(room_id, since, false);
    return room_id;
  }

  async join(roomIdOrAlias: string): Promise<string> {
    const since = await this.timelines.position();
    const { room_id } = await this.request<{ room_id: string }>(
      'POST',
      `/_matrix/client/v3/join/${encodeURIComponent(roomIdOrAlias)}`,
      {},
    );
    this.timelines.track(room_id, since, true);
    return room_id;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.request('POST', `${this.roomPath(roomId)}/invite`, { user_id: userId });
  }

  async leave(roomId: string): Promise<void> {
    await this.request('POST', `${this.roomPath(roomId)}/leave`, {});
  }

  async kick(roomId: string, userId: string, reason?: string): Promise<void> {
    await this.request('POST', `${this.roomPath(roomId)}/kick`, { user_id: userId, reason });
  }

  async getState<T = Record<string, unknown>>(roomId: string, type: string, stateKey = ''): Promise<T> {
    return this.request<T>('GET', `${this.roomPath(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`);
  }

  async sendState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>): Promise<string> {
    await this.timelines.ensure(roomId);
    const path = `${this.roomPath(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`;
    return (await this.request<{ event_id: string }>('PUT', path, content)).event_id;
  }

  async setPowerLevel(roomId: string, userId: string, level: number): Promise<string> {
    const levels = await this.getState<{ users?: Record<string, number> }>(roomId, 'm.room.power_levels');
    return this.sendState(roomId, 'm.room.power_levels', '', { ...levels, users: { ...levels.users, [userId]: level } });
  }

  async sendEvent(roomId: string, type: string, content: Record<string, unknown>): Promise<string> {
    await this.timelines.ensure(roomId);
    const txnId = `t${Date.now()}.${this.txn++}`;
    const path = `${this.roomPath(roomId)}/send/${encodeURIComponent(type)}/${txnId}`;
    return (await this.request<{ event_id: string }>('PUT', path, content)).event_id;
  }

  async sendText(roomId: string, body: string, msgtype = 'm.text'): Promise<string> {
    return this.sendEvent(roomId, 'm.room.message', { msgtype, body });
  }

  async sendPollStart(
    roomId: string,
    question: string,
    answers: { id: string; text: string }[],
    kind: 'disclosed' | 'undisclosed' = 'disclosed',
  ): Promise<string> {
    return this.sendEvent(roomId, POLL_START, pollStartContent(question, answers, kind));
  }

  async sendPollResponse(roomId: string, startEventId: string, answers: string[]): Promise<string> {
    return this.sendEvent(roomId, POLL_RESPONSE, pollResponseContent(startEventId, answers));
  }

  async sendPollEnd(roomId: string, startEventId: string, text = 'The poll has ended.'): Promise<string> {
    return this.sendEvent(roomId, POLL_END, pollEndContent(startEventId, text));
  }

  async redact(roomId: string, eventId: string, reason?: string): Promise<string> {
    const path = `${this.roomPath(roomId)}/redact/${encodeURIComponent(eventId)}/r${Date.now()}.${this.txn++}`;
    return (await this.request<{ event_id: string }>('PUT', path, reason ? { reason } : {})).event_id;
  }

  async getEvent(roomId: string, eventId: string): Promise<MatrixEvent> {
    return this.request<MatrixEvent>('GET', `${this.roomPath(roomId)}/event/${encodeURIComponent(eventId)}`);
  }

  /** One page of `GET /_matrix/client/v1/rooms/{room}/relations/{event}/{relType}[/{eventType}]`. */
  async relationsPage(
    roomId: string,
    eventId: string,
    relType: string,
    options: { eventType?: string; limit?: number; from?: string } = {},
  ): Promise<RelationsPage> {
    const tail = options.eventType ? `/${encodeURIComponent(options.eventType)}` : '';
    const path = `/_matrix/client/v1/rooms/${encodeURIComponent(roomId)}/relations/${encodeURIComponent(eventId)}/${encodeURIComponent(relType)}${tail}`;
    return this.request<RelationsPage>('GET', path, undefined, { limit: options.limit, from: options.from });
  }

  /** All related events, following `next_batch` page by page. */
  async relations(
    roomId: string,
    eventId: string,
    relType: string,
    options: { eventType?: string; limit?: number } = {},
  ): Promise<MatrixEvent[]> {
    const events: MatrixEvent[] = [];
    let from: string | undefined;
    do {
      const page = await this.relationsPage(roomId, eventId, relType, { ...options, from });
      events.push(...page.chunk);
      from = page.next_batch;
    } while (from);
    return events;
  }

  /** The latest events, newest first (`dir=b`). */
  async messages(roomId: string, options: { limit?: number; dir?: 'b' | 'f'; from?: string } = {}): Promise<MatrixEvent[]> {
    const res = await this.request<{ chunk: MatrixEvent[] }>('GET', `${this.roomPath(roomId)}/messages`, undefined, {
      dir: options.dir ?? 'b',
      limit: options.limit ?? 50,
      from: options.from,
    });
    return res.chunk;
  }

  async joinedMembers(roomId: string): Promise<string[]> {
    const res = await this.request<{ joined: Record<string, unknown> }>('GET', `${this.roomPath(roomId)}/joined_members`);
    return Object.keys(res.joined);
  }

  async joinedRooms(): Promise<string[]> {
    return (await this.request<{ joined_rooms: string[] }>('GET', '/_matrix/client/v3/joined_rooms')).joined_rooms;
  }

  /**
   * The earliest event not yet taken by an earlier wait that matches the predicate, from this user's first action in
   * the room on. Long-polls /sync; only the returned event is taken, others stay for later waits.
   */
  async waitForEvent(roomId: string, predicate: EventPredicate, options: { timeoutMs?: number } = {}): Promise<MatrixEvent> {
    return this.timelines.waitFor(roomId, predicate, options.timeoutMs ?? 30_000);
  }

  private roomPath(roomId: string): string {
    return `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}`;
  }
}

export class MatrixError extends Error {
  readonly status: number;
  readonly errcode: string;
  constructor(message: string, status: number, errcode: string) {
    super(message);
    this.status = status;
    this.errcode = errcode;
  }
}
