import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, type Config } from '../../../bot/config/index.ts';
import { MASTODON_TOKEN, MATRIX_TOKEN, errorsOf, tempDir, writeTemp } from './config-fixtures.ts';

const EXAMPLE = join(import.meta.dirname, '../../../config.example.yaml');
const DAY = 86_400_000;

describe('loadConfig', () => {
  it('says how to start when the file is missing', () => {
    expect(errorsOf(() => loadConfig('./config.yaml', {}))).toEqual([
      'config file ./config.yaml not found (copy config.example.yaml)',
    ]);
  });

  it.each([
    ['bad indentation', 'matrix:\n  homeserverUrl: https://m.example.org\n staffRooms: []\n', 'config.yaml: YAML syntax error at line 3, column 1: All mapping items must start at the same column'],
    ['a duplicate key', 'log:\n  level: info\n  level: debug\n', 'config.yaml: YAML syntax error at line 3, column 3: Map keys must be unique'],
    ['an unclosed quote', 'log:\n  level: "info\n', 'config.yaml: YAML syntax error at line 3, column 1: Missing closing "quote'],
    ['an unquoted room id', 'matrix:\n  staffRooms: [!abc:example.org]\n', 'config.yaml: YAML error at line 2, column 16: a value starting with ! is read as a YAML tag; put it in quotes, like "!abc:example.org"'],
    ['an unquoted alias in a flow list', 'matrix:\n  staffRooms: [#staff:example.org]\n', 'config.yaml: YAML syntax error at line 2, column 16: Comments must be separated from other tokens by white space characters (a bare # starts a comment: put room aliases in quotes)'],
  ])('reports YAML with %s by line and column', (_name, text, first) => {
    expect(errorsOf(() => parseConfig(text, {}))[0]).toBe(first);
  });

  it('names the file in YAML errors', () => {
    const path = writeTemp(tempDir(), 'bad.yaml', 'log: [\n');
    expect(errorsOf(() => loadConfig(path, {}))[0]).toMatch(new RegExp(`^${path}: YAML syntax error at line 2, column 1: `));
  });

  it('hints at quoting when an unquoted alias left an empty list item', () => {
    const text = 'matrix:\n  homeserverUrl: https://m.example.org\n  accessToken: t0ken\n  staffRooms:\n    - #staff:example.org\n';
    expect(errorsOf(() => parseConfig(text, {}))).toEqual([
      'matrix.staffRooms[0]: expected a Matrix room id or alias like "!abc:example.org" or "#town-hall:example.org" (in YAML, put aliases in quotes: a bare # starts a comment), got an empty value',
    ]);
  });

  it('reports an empty file as missing the matrix section', () => {
    expect(errorsOf(() => parseConfig('# nothing yet\n', {}))).toEqual(['matrix: missing required key']);
  });

  it('accepts the example config once its variables are set', () => {
    const config = loadConfig(EXAMPLE, { MATRIX_ACCESS_TOKEN: MATRIX_TOKEN, MASTODON_ACCESS_TOKEN: MASTODON_TOKEN });
    expect(config.matrix.accessToken).toBe(MATRIX_TOKEN);
    expect(config.mastodon?.accessToken).toBe(MASTODON_TOKEN);
    expect(config.matrix.staffRooms).toEqual(['#moderators:example.social']);
    expect(config.publish.http).toEqual({ listen: { host: '127.0.0.1', port: 8080 } });
  });

  it('the example documents every key with its default', () => {
    const example = loadConfig(EXAMPLE, { MATRIX_ACCESS_TOKEN: 'a', MASTODON_ACCESS_TOKEN: 'b' });
    const text = readFileSync(EXAMPLE, 'utf8');
    for (const section of ['governance', 'pledges', 'storage', 'log'] as const) {
      expect(example[section]).toEqual(defaults()[section]);
    }
    for (const key of new Set([...keysOf(defaults()), ...keysOf(example)])) expect(text, key).toMatch(new RegExp(`^\\s*${key}:`, 'm'));
  });

  it('fills in defaults', () => {
    const text = 'matrix:\n  homeserverUrl: https://matrix.example.org/\n  accessToken: t0ken\n  staffRooms: ["!staff:example.org"]\n';
    expect(parseConfig(text, {})).toEqual(defaults());
  });

  it('accepts thresholds as fractions, decimals and percentages', () => {
    const text = 'matrix:\n  homeserverUrl: https://m.example.org\n  accessToken: t\n  staffRooms: ["!s:example.org"]\n' +
      'governance:\n  thresholds:\n    suspend: 75%\n    limit: 0.6\n    lift: 1\n';
    expect(parseConfig(text, {}).governance.thresholds).toEqual({
      suspend: { numerator: 3, denominator: 4 },
      limit: { numerator: 3, denominator: 5 },
      lift: { numerator: 1, denominator: 1 },
    });
  });

  it('takes empty sections and lists as not given', () => {
    const text = 'matrix:\n  homeserverUrl: https://m.example.org\n  accessToken: t\n  staffRooms: ["!s:example.org"]\n  memberRooms:\ngovernance:\nmastodon:\n';
    const config = parseConfig(text, {});
    expect(config.matrix.memberRooms).toEqual([]);
    expect(config.mastodon).toBeUndefined();
    expect(config.governance.votingPeriod).toBe(7 * DAY);
  });
});

function defaults(): Config {
  return {
    matrix: {
      homeserverUrl: 'https://matrix.example.org',
      accessToken: 't0ken',
      staffRooms: ['!staff:example.org'],
      memberRooms: [],
      policyRoom: undefined,
      createPolicyRoom: false,
      commandPrefix: '!moot',
      ignoredUsers: [],
      encryption: true,
    },
    mastodon: undefined,
    peers: undefined,
    governance: {
      votingPeriod: 7 * DAY,
      minVotingPeriod: DAY,
      maxVotingPeriod: 30 * DAY,
      seconds: 0,
      whoMayPropose: 'members',
      pollKind: 'undisclosed',
      quorum: { minVoters: 3, minTurnoutPercent: 10 },
      thresholds: {
        suspend: { numerator: 2, denominator: 3 },
        limit: { numerator: 1, denominator: 2 },
        lift: { numerator: 1, denominator: 2 },
      },
      eligibility: { requireLinkedAccount: false, minAccountAgeDays: 0 },
      remindBefore: DAY,
      autoApply: false,
      applyGracePeriod: 0,
      staffPowerLevel: 50,
      stageReminderBefore: 7 * DAY,
      minStageAfter: DAY,
      minReviewAfter: 7 * DAY,
    },
    pledges: { enabled: true, currencies: ['EUR', 'USD'], maxAmount: 10_000 },
    publish: { http: undefined, baseUrl: undefined, title: undefined, allowDisclosedVotes: false },
    storage: { path: './data/fedimoot.db' },
    log: { level: 'info', format: 'auto' },
    intake: { sources: [], threshold: 1, every: 60 * 60_000, timeout: 30_000, maxBytes: 20_000_000 },
  };
}

function keysOf(value: object): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    child && typeof child === 'object' && !Array.isArray(child) && !('numerator' in child) && !('port' in child) ? [key, ...keysOf(child)] : [key],
  );
}
