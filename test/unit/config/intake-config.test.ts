// intake: the followed sources and their limits, each mistake named by its key path (start-up exits 2 with it).
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../../bot/config/index.ts';
import { configErrors, treeWith } from './config-fixtures.ts';

const source = (fields: Record<string, unknown> = {}) => ({ name: 'friends', url: 'https://moot.friend.example/decisions.json', format: 'fedimoot-log', ...fields });

describe('intake config', () => {
  it('reads sources with their trust, and the defaults', () => {
    const config = parseConfig(stringify(treeWith({ 'intake.sources': [source(), source({ name: 'list', url: 'https://l.example/b.csv', format: 'csv', trust: 2 })] })), {});
    expect(config.intake).toEqual({
      sources: [
        { name: 'friends', url: 'https://moot.friend.example/decisions.json', format: 'fedimoot-log', trust: 1 },
        { name: 'list', url: 'https://l.example/b.csv', format: 'csv', trust: 2 },
      ],
      threshold: 1,
      every: 3_600_000,
      timeout: 30_000,
      maxBytes: 20_000_000,
    });
  });

  it.each([
    [{ 'intake.sources': [source({ format: 'rss' })] }, ['intake.sources[0].format: expected one of fedimoot-log|fires|csv|json|plain, got "rss"']],
    [{ 'intake.sources': [source({ url: 'ftp://x.example/list' })] }, ['intake.sources[0].url: expected a URL like https://example.org, got "ftp://x.example/list"']],
    [{ 'intake.sources': [source({ name: 'my list' })] }, ['intake.sources[0].name: expected a short name of letters, digits, ".", "_" or "-" (at most 40), like friends-moot, got "my list"']],
    [{ 'intake.sources': [source({ trusted: 2 })] }, ['intake.sources[0].trusted: unknown key; did you mean trust?']],
    [{ 'intake.sources': [{ name: 'a', format: 'csv' }] }, ['intake.sources[0].url: missing required key']],
    [{ 'intake.sources': 'https://x.example' }, ['intake.sources: expected a list of sources (name, url, format), got "https://x.example"']],
    [{ 'intake.every': '10s' }, ['intake.every: expected a duration from 1m to 7d, got "10s"']],
    [{ 'intake.sources': [source(), source({ url: 'https://other.example/decisions.json' })] }, ['intake.sources[1].name: "friends" is already the name of intake.sources[0]; give each source its own name']],
    [{ 'intake.sources': [source()], 'intake.threshold': 2 }, ['intake.threshold: is 2, more than the trust of all intake.sources together (1): no domain could ever reach it']],
  ])('%o is refused', (changes, errors) => {
    expect(configErrors(treeWith(changes))).toEqual(errors);
  });
});
