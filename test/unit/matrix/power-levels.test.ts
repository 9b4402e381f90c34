import { describe, expect, it } from 'vitest';
import { effectivePowerLevel, hasPrivilegedCreators } from '../../../bot/matrix/power-levels.ts';

const levels = { users: { '@mod:x': 50 }, users_default: 0 };
const create = (room_version: string, additional_creators?: unknown) => ({
  sender: '@founder:x',
  content: { room_version, additional_creators },
});

describe('effective power level', () => {
  it.each([
    ['listed user', '@mod:x', create('10'), 50],
    ['unlisted user gets the default', '@someone:x', create('10'), 0],
    ['creator in a v10 room has only what the levels say', '@founder:x', create('10'), 0],
    ['creator in a v12 room outranks everyone', '@founder:x', create('12'), Infinity],
    ['additional creator in a v12 room', '@co:x', create('12', ['@co:x']), Infinity],
    ['malformed additional creators are ignored', '@co:x', create('12', '@co:x'), 0],
    ['hydra test versions behave like v12', '@founder:x', create('org.matrix.hydra.11'), Infinity],
  ])('%s', (_name, user, createEvent, expected) => {
    expect(effectivePowerLevel(user, levels, createEvent)).toBe(expected);
  });

  it('uses users_default when set and no create event is known', () => {
    expect(effectivePowerLevel('@x:x', { users_default: 20 })).toBe(20);
  });

  it.each([
    ['1', false],
    ['11', false],
    ['12', true],
    ['13', true],
    [undefined, false],
  ])('room version %s has privileged creators: %s', (version, expected) => {
    expect(hasPrivilegedCreators(version)).toBe(expected);
  });
});
