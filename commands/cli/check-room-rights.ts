// `fedimoot check`, the rules of a room as they bear on the bot, without any I/O: may it send what it sends there, at
// its power level (m.room.power_levels), and can it read the room (m.room.encryption)? Worded as check lines with
// the fix in them.
import { effectivePowerLevel, type CreateEvent } from '../../bot/matrix/power-levels.ts';
import type { Decryption } from '../../bot/matrix/can-decrypt.ts';
import type { CheckLine } from './check-line.ts';

/** The parts of m.room.power_levels that decide who may send what. */
export interface RoomLevels {
  users?: Record<string, number>;
  users_default?: number;
  events?: Record<string, number>;
  events_default?: number;
  state_default?: number;
}

/**
 * What the bot sends in staff and member rooms: replies and notices (m.room.message; m.notice is its msgtype, not an
 * event type of its own), polls and their ends, and its ✅/❌ reactions.
 */
export const CHAT_EVENT_TYPES = ['m.room.message', 'org.matrix.msc3381.poll.start', 'org.matrix.msc3381.poll.end', 'm.reaction'] as const;
/** What the bot sends in the policy room: one state event per rule. */
export const POLICY_RULE_TYPE = 'm.policy.rule.server';

export interface Need {
  type: string;
  level: number;
  /** The power-levels key that sets it: `events_default`, `state_default` or `events["<type>"]`. */
  key: string;
}

/**
 * The level an event type needs. Without any m.room.power_levels event everyone may send everything (the spec's
 * defaults are then all 0); with one, a missing state_default means 50.
 */
export function levelNeeded(levels: RoomLevels | undefined, type: string, isState: boolean): Need {
  const listed = levels?.events?.[type];
  if (typeof listed === 'number') return { type, level: listed, key: `events["${type}"]` };
  if (isState) return { type, level: levels ? (levels.state_default ?? 50) : 0, key: 'state_default' };
  return { type, level: levels?.events_default ?? 0, key: 'events_default' };
}

export interface Rights {
  botLevel: number;
  needs: Need[];
  /** The needs above the bot's level. */
  denied: Need[];
}

export function botRights(botUserId: string, levels: RoomLevels | undefined, create: CreateEvent | undefined, types: readonly string[], isState: boolean): Rights {
  const botLevel = effectivePowerLevel(botUserId, levels ?? {}, create);
  const needs = types.map((type) => levelNeeded(levels, type, isState));
  return { botLevel, needs, denied: needs.filter((n) => n.level > botLevel) };
}

/** What the bot must be allowed in a room, as the check line says it. */
export type Duty = 'chat' | 'policy';

const DUTY_WORDS: Record<Duty, { may: string; verb: string }> = {
  chat: { may: 'the bot may send messages, polls and reactions', verb: 'send' },
  policy: { may: `the bot may set ${POLICY_RULE_TYPE} rules`, verb: 'set' },
};

export function dutyTypes(duty: Duty): readonly string[] {
  return duty === 'chat' ? CHAT_EVENT_TYPES : [POLICY_RULE_TYPE];
}

function levelText(level: number): string {
  return level === Number.POSITIVE_INFINITY ? 'room creator' : `power level ${level}`;
}

/** `label` names the room: `Matrix: member room !abc:example.social`. */
export function rightsLine(label: string, botUserId: string, duty: Duty, rights: Rights): CheckLine {
  const words = DUTY_WORDS[duty];
  const what = `${label}: ${words.may}`;
  const highest = Math.max(0, ...rights.needs.map((n) => n.level));
  if (rights.denied.length === 0) return { ok: true, what: `${what} (${levelText(rights.botLevel)}, needs ${highest})` };
  const needed = Math.max(...rights.denied.map((n) => n.level));
  const types = rights.denied.map((n) => n.type).join(', ');
  const keys = [...new Set(rights.denied.map((n) => n.key))].join(' and ');
  return {
    ok: false,
    what,
    fix: `at power level ${rights.botLevel} it may not ${words.verb} ${types} (needs ${needed}); ` +
      `give ${botUserId} power level ${needed} in the room, or lower ${keys} to ${rights.botLevel}`,
  };
}

import { ENCRYPTION_FIX } from '../../bot/wording/unreadable-notices.ts';

export { ENCRYPTION_FIX };

/**
 * `source` 'invite': read from the invite's stripped state (Synapse includes m.room.encryption there). Policy rules
 * are state events, which are never encrypted, so an encrypted policy room still works.
 */
export function encryptionLine(label: string, duty: Duty, encrypted: boolean, decryption: Decryption, source: 'state' | 'invite'): CheckLine {
  if (!encrypted) return { ok: true, what: `${label} not encrypted${source === 'invite' ? ' (as its invite shows)' : ''}` };
  if (decryption.canDecrypt) return { ok: true, what: `${label} encrypted; the bot decrypts it` };
  if (duty === 'policy') return { ok: true, what: `${label} encrypted; its rules are state events, which stay readable` };
  return { ok: false, what: `${label} is encrypted and the bot cannot decrypt it (${decryption.why})`, fix: ENCRYPTION_FIX };
}
