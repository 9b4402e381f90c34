// `fedimoot check`, the rooms part: for each configured room (staff, member, policy), whether the bot is in it or
// invited (it joins invited rooms at start), whether its power level lets it send what it sends there, and whether
// it can read the room (encryption). One filtered /sync answers all of it: joined rooms' state and invites' stripped
// state, without guessing from a failed join.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../bot/config/types.ts';
import type { CreateEvent } from '../../bot/matrix/power-levels.ts';
import type { Decryption } from '../../bot/matrix/can-decrypt.ts';
import type { CheckLine } from './check-line.ts';
import type { MatrixGet } from './check-matrix-request.ts';
import { botRights, dutyTypes, encryptionLine, rightsLine, type Duty, type RoomLevels } from './check-room-rights.ts';

type Kind = 'staff' | 'member' | 'policy';

interface ConfiguredRoom {
  kind: Kind;
  /** As configured: a room id or an alias. */
  room: string;
  configKey: string;
}

interface StateEvent {
  type: string;
  state_key?: string;
  sender?: string;
  content?: Record<string, unknown>;
}

interface BotMembership {
  membership: 'join' | 'invite';
  state: StateEvent[];
}

/** The state the check reads; anything else (members above all) would only make the sync larger. */
const STATE_TYPES = ['m.room.power_levels', 'm.room.encryption', 'm.room.create'];

function configuredRooms(config: Config): ConfiguredRoom[] {
  const { staffRooms, memberRooms, policyRoom } = config.matrix;
  return [
    ...staffRooms.map((room) => ({ kind: 'staff' as const, room, configKey: 'matrix.staffRooms' })),
    ...memberRooms.map((room) => ({ kind: 'member' as const, room, configKey: 'matrix.memberRooms' })),
    ...(policyRoom ? [{ kind: 'policy' as const, room: policyRoom, configKey: 'matrix.policyRoom' }] : []),
  ];
}

export async function checkRooms(get: MatrixGet, config: Config, botUserId: string, decryption: Decryption): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  const resolved: { room: ConfiguredRoom; id: string }[] = [];
  for (const room of configuredRooms(config)) {
    const id = room.room.startsWith('#') ? await resolveAlias(get, config, botUserId, room, lines) : room.room;
    if (id) resolved.push({ room, id });
  }
  if (!config.matrix.policyRoom && config.matrix.createPolicyRoom) {
    lines.push({ ok: true, what: 'Matrix: policy room made by the bot itself at start, or the one it made before (matrix.createPolicyRoom)' });
  }
  if (resolved.length === 0) return lines;

  const memberships = await botMemberships(get, resolved.map((r) => r.id));
  if ('failed' in memberships) return [...lines, { ok: false, what: "Matrix: the bot's rooms readable (/sync)", fix: memberships.failed }];
  for (const { room, id } of resolved) lines.push(...roomLines(room, memberships.get(id), botUserId, decryption));
  return lines;
}

async function resolveAlias(get: MatrixGet, config: Config, botUserId: string, room: ConfiguredRoom, lines: CheckLine[]): Promise<string | undefined> {
  const reply = await get(`/_matrix/client/v3/directory/room/${encodeURIComponent(room.room)}`);
  if (reply.status === 200 && typeof reply.body.room_id === 'string') return reply.body.room_id;
  const ownServer = botUserId.slice(botUserId.indexOf(':') + 1);
  // The bot creates a missing policy room under an alias on its own server (bot/publish/policy-room.ts).
  if (room.kind === 'policy' && config.matrix.createPolicyRoom && room.room.endsWith(`:${ownServer}`) && reply.status === 404) {
    lines.push({ ok: true, what: `Matrix: policy room ${room.room} does not exist yet; the bot creates it at start (matrix.createPolicyRoom)` });
    return undefined;
  }
  const answer = `${reply.status}${typeof reply.body.errcode === 'string' ? ` ${reply.body.errcode}` : ''}`;
  lines.push({ ok: false, what: `Matrix: ${room.kind} room ${room.room} exists`, fix: `the homeserver does not know this alias (it answered ${answer}); check ${room.configKey}` });
  return undefined;
}

/** One sync with timeout 0 from nowhere (no since), filtered down to the configured rooms and the state read here. */
async function botMemberships(get: MatrixGet, roomIds: string[]): Promise<Map<string, BotMembership> | { failed: string }> {
  const filter = {
    room: {
      rooms: [...new Set(roomIds)],
      timeline: { limit: 0 },
      state: { types: STATE_TYPES },
      ephemeral: { not_types: ['*'] },
      account_data: { not_types: ['*'] },
    },
    presence: { not_types: ['*'] },
    account_data: { not_types: ['*'] },
    // Synapse keeps the answer to an initial sync for two minutes (sync_response_cache_duration), keyed by the filter
    // text: a check just after an invite or a change of power levels would read the old answer. Filters may carry
    // unknown keys, so a fresh value here asks for a fresh answer.
    'fedimoot.check': randomUUID(),
  };
  // set_presence=offline: checking must not show the bot as online.
  const reply = await get('/_matrix/client/v3/sync', { filter: JSON.stringify(filter), timeout: '0', set_presence: 'offline' });
  if (reply.status !== 200) {
    const said = typeof reply.body.error === 'string' ? ` ${reply.body.error}` : '';
    return { failed: `the homeserver answered ${reply.status}${said}` };
  }
  const rooms = (reply.body.rooms ?? {}) as {
    join?: Record<string, { state?: { events?: StateEvent[] } }>;
    invite?: Record<string, { invite_state?: { events?: StateEvent[] } }>;
  };
  const found = new Map<string, BotMembership>();
  // An invite to a room the bot is already in cannot happen; a join wins if a server ever says both.
  for (const [id, room] of Object.entries(rooms.invite ?? {})) found.set(id, { membership: 'invite', state: room.invite_state?.events ?? [] });
  for (const [id, room] of Object.entries(rooms.join ?? {})) found.set(id, { membership: 'join', state: room.state?.events ?? [] });
  return found;
}

function stateOf(events: StateEvent[], type: string): StateEvent | undefined {
  return events.find((e) => e.type === type && (e.state_key ?? '') === '');
}

function roomLines(room: ConfiguredRoom, membership: BotMembership | undefined, botUserId: string, decryption: Decryption): CheckLine[] {
  const label = `Matrix: ${room.kind} room ${room.room}`;
  if (!membership) {
    return [{ ok: false, what: `${label} joined`, fix: `invite ${botUserId} to the room; it joins configured rooms at start` }];
  }
  const duty: Duty = room.kind === 'policy' ? 'policy' : 'chat';
  const invited = membership.membership === 'invite';
  const lines: CheckLine[] = [{ ok: true, what: invited ? `${label} invited; the bot joins it at start` : `${label} joined` }];
  const power = stateOf(membership.state, 'm.room.power_levels');
  const create = stateOf(membership.state, 'm.room.create');
  if (invited && !power) {
    // Synapse's invites do not carry the power levels; the bot reads them once it is in.
    lines.push({ ok: true, what: `${label}: the bot's power level is checked once it has joined` });
  } else {
    const levels = power?.content as RoomLevels | undefined;
    const createEvent = create ? ({ sender: create.sender ?? '', content: create.content ?? {} } as CreateEvent) : undefined;
    lines.push(rightsLine(label, botUserId, duty, botRights(botUserId, levels, createEvent, dutyTypes(duty), duty === 'policy')));
  }
  const encryption = stateOf(membership.state, 'm.room.encryption');
  const encrypted = typeof encryption?.content?.algorithm === 'string';
  lines.push(encryptionLine(label, duty, encrypted, decryption, invited ? 'invite' : 'state'));
  return lines;
}
