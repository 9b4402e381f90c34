// The formats the intake reads, in the shapes their publishers write (Mastodon's export and public API, GoToSocial's
// and FediBlockHole's CSV, plain lists, FIRES changes as the reference server and this bot write them).
import { describe, expect, it } from 'vitest';
import { readCsv, readJson, readPlain, SourceProblem } from '../../../bot/intake/block-lists.ts';
import { changeEffect } from '../../../bot/intake/fires-source.ts';
import { shownUrl } from '../../../bot/wording/intake-words.ts';

describe('block lists', () => {
  it("reads Mastodon's export: severities, quoted reasons with commas, IDN punycoded, noop and obfuscated rows skipped", () => {
    const csv = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n' +
      'Bad.Example,suspend,false,false,"Spam, ""bots"" and more",false\n' +
      'quiet.example,silence,true,false,,false\n' +
      'media.example,noop,true,false,,false\n' +
      'exa***.com,suspend,false,false,,true\n' +
      'bücher.example,suspend,false,false,,false\n';
    expect(readCsv(csv)).toEqual({
      blocks: [
        { domain: 'bad.example', severity: 'suspend', reason: 'Spam, "bots" and more', link: null },
        { domain: 'quiet.example', severity: 'limit', reason: null, link: null },
        { domain: 'xn--bcher-kva.example', severity: 'suspend', reason: null, link: null },
      ],
      skipped: 2,
    });
  });

  it('reads a list without the # before each column name, and one without a header (domain, severity)', () => {
    expect(readCsv('domain,severity,public_comment\na.example,silence,meh\n').blocks).toEqual([{ domain: 'a.example', severity: 'limit', reason: 'meh', link: null }]);
    expect(readCsv('a.example,suspend\nb.example\n').blocks.map((b) => [b.domain, b.severity])).toEqual([['a.example', 'suspend'], ['b.example', 'suspend']]);
  });

  it("reads Mastodon's public JSON and GoToSocial's (public_comment, no severity: a suspension)", () => {
    const json = JSON.stringify([
      { domain: 'a.example', digest: 'x', severity: 'silence', comment: 'spam' },
      { domain: 'b.example', public_comment: 'abuse' },
      { domain: 'c***.example', severity: 'suspend' },
    ]);
    expect(readJson(json)).toEqual({
      blocks: [
        { domain: 'a.example', severity: 'limit', reason: 'spam', link: null },
        { domain: 'b.example', severity: 'suspend', reason: 'abuse', link: null },
      ],
      skipped: 1,
    });
    expect(() => readJson('{"domain": "a.example"}')).toThrow(new SourceProblem('is not a JSON list of blocks (expected [{"domain": …, "severity": …}, …])'));
    expect(() => readJson('<html>')).toThrow(/^is not JSON: /);
  });

  it('reads a plain list: one suspension a line, comments and blank lines ignored', () => {
    expect(readPlain('# list\na.example\r\n\n  b.example # noisy\n').blocks.map((b) => b.domain)).toEqual(['a.example', 'b.example']);
  });
});

describe('FIRES changes', () => {
  const change = (fields: Record<string, unknown>) => ({ entityKind: 'domain', entityKey: 'x.example', ...fields });

  it('reject and drop suspend, filter limits, accept lifts; Retraction and Tombstone lift', () => {
    const block = (severity: string, extra = {}) => ({ domain: 'x.example', block: { domain: 'x.example', severity, reason: null, link: null, ...extra } });
    expect(changeEffect(change({ type: 'Recommendation', recommendedPolicy: 'reject' }))).toEqual(block('suspend'));
    expect(changeEffect(change({ type: 'Recommendation', recommendedPolicy: 'drop', comment: 'spam', url: 'https://m.example/#decision-1' }))).toEqual(block('suspend', { reason: 'spam', link: 'https://m.example/#decision-1' }));
    expect(changeEffect(change({ type: 'Recommendation', recommendedPolicy: 'filter' }))).toEqual(block('limit'));
    expect(changeEffect(change({ type: 'Recommendation', recommendedPolicy: 'accept' }))).toEqual({ domain: 'x.example', block: null });
    expect(changeEffect(change({ type: 'Retraction' }))).toEqual({ domain: 'x.example', block: null });
    expect(changeEffect(change({ type: 'Tombstone' }))).toEqual({ domain: 'x.example', block: null });
  });

  it('an Advisory recommends nothing, and entities other than domains are not followed', () => {
    expect(changeEffect(change({ type: 'Advisory' }))).toBeUndefined();
    expect(changeEffect({ type: 'Recommendation', entityKind: 'actor', entityKey: 'https://x.example/users/a', recommendedPolicy: 'reject' })).toBeUndefined();
    expect(changeEffect(change({ type: 'Recommendation', entityKey: 'not a domain', recommendedPolicy: 'reject' }))).toBe('skip');
  });
});

describe('source addresses in rooms', () => {
  it('lose any user name and password', () => {
    expect(shownUrl('https://bot:s3cret@lists.example/blocks.csv?x=1')).toBe('https://lists.example/blocks.csv?x=1');
    expect(shownUrl('https://lists.example/blocks.csv')).toBe('https://lists.example/blocks.csv');
  });
});
