import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../commands/chat/parse-args.ts';
import { proposeCommand } from '../../../commands/chat/propose.ts';
import { voteCommand } from '../../../commands/chat/vote.ts';
import { cancelCommand } from '../../../commands/chat/cancel.ts';
import { usageLine } from '../../../commands/chat/usage.ts';
import { pledgeCommand } from '../../../commands/chat/pledge.ts';

describe('parseArgs', () => {
  it('normalises the domain and reads every option of propose', () => {
    const result = parseArgs(proposeCommand, [
      'https://Threads.NET/@zuck', 'SUSPEND', '--reason', 'spam', '--evidence', 'https://a.example/1',
      '--evidence=https://b.example/2', '--reject-media', '--duration', '36h', '--private', 'staff note',
    ]);
    expect(result).toEqual({
      ok: true,
      parsed: {
        args: { domain: 'threads.net', action: 'suspend' },
        options: {
          reason: 'spam',
          evidence: ['https://a.example/1', 'https://b.example/2'],
          'reject-media': true,
          duration: 36 * 3_600_000,
          private: 'staff note',
        },
      },
    });
  });

  it.each([
    [['foo bar', 'suspend'], /foo bar/],
    [['threads.net', 'ban'], /"ban" is not an action; use suspend, limit or lift/],
    [['threads.net'], /missing action/],
    [['threads.net', 'suspend', '--duration', 'soon'], /--duration: "soon" is not a duration; write a duration like 7d/],
    [['threads.net', 'suspend', '--evidence', 'javascript:alert(1)'], /--evidence needs a web address starting with https:\/\//],
    [['threads.net', 'suspend', '--bogus'], /unknown option --bogus/],
    [['threads.net', 'suspend', '--reason'], /--reason needs a value/],
    [['threads.net', 'suspend', '--reason', 'a', '--reason', 'b'], /--reason was given twice/],
    [['threads.net', 'suspend', 'extra'], /unexpected "extra"/],
    [['threads.net', 'suspend', '--reject-media=yes'], /--reject-media takes no value/],
    [['threads.net', 'suspend', '--reason', 'x'.repeat(2001)], /--reason is too long \(2001 characters; at most 2000\)/],
  ])('refuses propose %j', (words, reason) => {
    const result = parseArgs(proposeCommand, words);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    [['12', 'YES'], { n: 12, answer: 'yes' }],
    [['#7', 'abstain'], { n: 7, answer: 'abstain' }],
  ])('vote %j', (words, args) => {
    expect(parseArgs(voteCommand, words)).toEqual({ ok: true, parsed: { args, options: {} } });
  });

  it.each([
    [['twelve', 'yes'], '"twelve" is not a proposal number (write it like 12)'],
    [['12', 'maybe'], '"maybe" is not an answer; vote yes, no or abstain'],
    [['12'], 'missing answer'],
  ])('refuses vote %j', (words, reason) => {
    expect(parseArgs(voteCommand, words)).toEqual({ ok: false, reason });
  });

  it('gives the rest of the line to a rest argument', () => {
    expect(parseArgs(cancelCommand, ['4', 'duplicate', 'of', '3'])).toEqual({
      ok: true,
      parsed: { args: { n: 4, reason: 'duplicate of 3' }, options: {} },
    });
  });

  it('derives usage lines from the declarations', () => {
    expect(usageLine('!moot', proposeCommand)).toBe(
      '!moot propose <domain> <suspend|limit|lift> [--reason "…"] [--evidence <url>]… [--private "…"] [--reject-media] [--reject-reports] [--obfuscate] [--duration 7d] [--then suspend] [--after 30d] [--review 1y]',
    );
    expect(usageLine('!moot', voteCommand)).toBe('!moot vote <n> <yes|no|abstain>');
    // As DESIGN.md writes it: the rest argument and the options' values named.
    expect(usageLine('!moot', pledgeCommand)).toBe('!moot pledge <amount> <currency> [monthly|yearly|once] [--while <domain>] [--while-suspended <domain>]');
  });
});
