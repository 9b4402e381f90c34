import { describe, expect, it } from 'vitest';
import { duration, listenAddress, roomRef, threshold, userPattern } from '../../../bot/config/field-parsers.ts';

describe('threshold', () => {
  it.each([
    ['2/3', 2, 3],
    ['2 / 3', 2, 3],
    ['4/6', 2, 3],
    [0.5, 1, 2],
    ['0.5', 1, 2],
    [1, 1, 1],
    ['66%', 33, 50],
    ['66.5%', 133, 200],
    ['100%', 1, 1],
  ])('%j → %i/%i', (input, numerator, denominator) => {
    expect(threshold(input)).toEqual({ ok: true, value: { numerator, denominator } });
  });

  it.each([0, '0/3', 1.5, '3/2', '1/0', '101%', -0.5, 'two thirds', '', null, true, '1e-3'])('refuses %j', (input) => {
    expect(threshold(input).ok).toBe(false);
  });
});

describe('duration', () => {
  const anyDuration = duration(0, 365 * 86_400_000);

  it.each([
    ['7d', 7 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    ['90m', 90 * 60_000],
    [0, 0],
    ['0', 0],
    ['0s', 0],
  ])('%j → %i ms', (input, ms) => {
    expect(anyDuration(input)).toEqual({ ok: true, value: ms });
  });

  it.each(['7 days', 7, '-1d', 'd', null])('refuses %j', (input) => {
    expect(anyDuration(input)).toEqual({ ok: false, expected: 'expected a duration like 7d, 36h or 90m' });
  });
});

describe('Matrix identifiers and addresses', () => {
  it.each(['!abc:example.org', '!abc:[::1]:8448', '!31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM', '#town-hall:example.org', '#a:localhost:8008'])(
    'room %s is valid',
    (room) => expect(roomRef(room).ok).toBe(true),
  );

  it.each(['abc:example.org', '#town-hall', '!abc:exa mple.org', '@alice:example.org'])('room %s is not', (room) => {
    expect(roomRef(room).ok).toBe(false);
  });

  it.each(['@alice:example.org', '@*_bridge:example.org', '@bot?:*'])('user %s is valid', (user) => {
    expect(userPattern(user).ok).toBe(true);
  });

  it.each([
    ['127.0.0.1:8080', '127.0.0.1', 8080],
    ['[::1]:0', '::1', 0],
    ['localhost:80', 'localhost', 80],
  ])('listen %s', (input, host, port) => {
    expect(listenAddress(input)).toEqual({ ok: true, value: { host, port } });
  });

  it('refuses a port above 65535', () => expect(listenAddress('127.0.0.1:70000').ok).toBe(false));
});
