import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../commands/chat/tokenize.ts';

describe('tokenize', () => {
  it.each([
    ['propose threads.net suspend', ['propose', 'threads.net', 'suspend']],
    ['  propose   a.b   lift  ', ['propose', 'a.b', 'lift']],
    ['propose x suspend --reason "harassment and spam"', ['propose', 'x', 'suspend', '--reason', 'harassment and spam']],
    ["cancel 3 'no longer needed'", ['cancel', '3', 'no longer needed']],
    ['propose x suspend --reason “curly quotes work”', ['propose', 'x', 'suspend', '--reason', 'curly quotes work']],
    ['propose x suspend --reason=""', ['propose', 'x', 'suspend', '--reason=']],
    ['say \\"not a quote', ['say', '"not', 'a', 'quote']],
    ['a"b c"d', ['ab cd']],
    ['', []],
  ])('%j → %j', (line, words) => {
    expect(tokenize(line)).toEqual({ ok: true, words });
  });

  it('refuses an unclosed quote with a reason', () => {
    expect(tokenize('propose x suspend --reason "oops')).toEqual({
      ok: false,
      reason: 'a quote was opened but not closed (expected ")',
    });
  });
});
