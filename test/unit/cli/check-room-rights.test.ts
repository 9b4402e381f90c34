// The pure part of `fedimoot check`'s room lines: which level each event type needs, whether the bot reaches it, the
// fix worded from the keys that set it; and whether the bot can read an encrypted room.
import { describe, expect, it } from 'vitest';
import { botDecryption } from '../../../bot/matrix/can-decrypt.ts';
import {
  botRights, CHAT_EVENT_TYPES, ENCRYPTION_FIX, encryptionLine, levelNeeded, POLICY_RULE_TYPE, rightsLine,
} from '../../../commands/cli/check-room-rights.ts';

const BOT = '@moot:x';
const LABEL = 'Matrix: member room !r:x';

describe('the level an event type needs', () => {
  it.each([
    ['no power levels at all: everything at 0', undefined, 'm.room.message', false, { level: 0, key: 'events_default' }],
    ['no power levels at all: state at 0 too', undefined, POLICY_RULE_TYPE, true, { level: 0, key: 'state_default' }],
    ['events_default', { events_default: 20 }, 'm.reaction', false, { level: 20, key: 'events_default' }],
    ['a listed event type wins over the default', { events_default: 50, events: { 'm.reaction': 0 } }, 'm.reaction', false, { level: 0, key: 'events["m.reaction"]' }],
    ['state_default missing from the levels means 50', { events_default: 0 }, POLICY_RULE_TYPE, true, { level: 50, key: 'state_default' }],
    ['a listed state type', { state_default: 50, events: { [POLICY_RULE_TYPE]: 10 } }, POLICY_RULE_TYPE, true, { level: 10, key: `events["${POLICY_RULE_TYPE}"]` }],
  ])('%s', (_name, levels, type, isState, expected) => {
    expect(levelNeeded(levels, type, isState)).toEqual({ type, ...expected });
  });
});

describe("the bot's rights as a check line", () => {
  it('passes at the default levels', () => {
    const rights = botRights(BOT, { users: {}, users_default: 0, events_default: 0 }, undefined, CHAT_EVENT_TYPES, false);
    expect(rightsLine(LABEL, BOT, 'chat', rights)).toEqual({ ok: true, what: `${LABEL}: the bot may send messages, polls and reactions (power level 0, needs 0)` });
  });

  it('fails when events_default is above the bot, naming both fixes', () => {
    const rights = botRights(BOT, { users: { [BOT]: 10 }, events_default: 50 }, undefined, CHAT_EVENT_TYPES, false);
    expect(rightsLine(LABEL, BOT, 'chat', rights)).toEqual({
      ok: false,
      what: `${LABEL}: the bot may send messages, polls and reactions`,
      fix: 'at power level 10 it may not send m.room.message, org.matrix.msc3381.poll.start, org.matrix.msc3381.poll.end, m.reaction (needs 50); ' +
        'give @moot:x power level 50 in the room, or lower events_default to 10',
    });
  });

  it('names only the event types denied, and each key that sets them', () => {
    const rights = botRights(BOT, { users_default: 5, events_default: 0, events: { 'org.matrix.msc3381.poll.start': 20, 'm.reaction': 30 } }, undefined, CHAT_EVENT_TYPES, false);
    expect(rightsLine(LABEL, BOT, 'chat', rights).fix).toBe(
      'at power level 5 it may not send org.matrix.msc3381.poll.start, m.reaction (needs 30); give @moot:x power level 30 in the room, ' +
        'or lower events["org.matrix.msc3381.poll.start"] and events["m.reaction"] to 5',
    );
  });

  it('the policy room needs the state level for its rules', () => {
    const levels = { users: { '@admin:x': 100 }, events_default: 50, state_default: 50 };
    const at = (level: number) => botRights(BOT, { ...levels, users: { ...levels.users, [BOT]: level } }, undefined, [POLICY_RULE_TYPE], true);
    expect(rightsLine('Matrix: policy room !p:x', BOT, 'policy', at(50))).toEqual({ ok: true, what: 'Matrix: policy room !p:x: the bot may set m.policy.rule.server rules (power level 50, needs 50)' });
    expect(rightsLine('Matrix: policy room !p:x', BOT, 'policy', at(0)).fix).toBe(
      'at power level 0 it may not set m.policy.rule.server (needs 50); give @moot:x power level 50 in the room, or lower state_default to 0',
    );
  });

  it('a creator of a v12 room may send anything', () => {
    const rights = botRights(BOT, { events_default: 100 }, { sender: BOT, content: { room_version: '12' } }, CHAT_EVENT_TYPES, false);
    expect(rightsLine(LABEL, BOT, 'chat', rights)).toEqual({ ok: true, what: `${LABEL}: the bot may send messages, polls and reactions (room creator, needs 100)` });
  });
});

describe('whether the bot can decrypt', () => {
  it.each([
    [true, true, { canDecrypt: true }],
    [false, true, { canDecrypt: false, why: 'matrix.encryption is off' }],
    [true, false, { canDecrypt: false, why: 'the crypto library could not be loaded' }],
    [false, false, { canDecrypt: false, why: 'matrix.encryption is off and the crypto library could not be loaded' }],
  ])('encryption %s, library loads %s', (encryption, encryptionAvailable, expected) => {
    expect(botDecryption({ encryption }, { encryptionAvailable })).toEqual(expected);
  });

  it('an encrypted room fails when it cannot, passes when it can; unencrypted rooms and policy rules always pass', () => {
    const cannot = botDecryption({ encryption: false }, { encryptionAvailable: false });
    const can = botDecryption({ encryption: true }, { encryptionAvailable: true });
    expect(encryptionLine(LABEL, 'chat', true, cannot, 'state')).toEqual({
      ok: false,
      what: `${LABEL} is encrypted and the bot cannot decrypt it (matrix.encryption is off and the crypto library could not be loaded)`,
      fix: ENCRYPTION_FIX,
    });
    expect(encryptionLine(LABEL, 'chat', true, can, 'state')).toEqual({ ok: true, what: `${LABEL} encrypted; the bot decrypts it` });
    expect(encryptionLine(LABEL, 'chat', false, cannot, 'invite')).toEqual({ ok: true, what: `${LABEL} not encrypted (as its invite shows)` });
    expect(encryptionLine('Matrix: policy room !p:x', 'policy', true, cannot, 'state').ok).toBe(true);
  });
});
