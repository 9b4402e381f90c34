// Issue 16, item 5: every bad config ends in exit code 2 with the key path or the YAML position, quoted numbers
// are refused, and settings that cannot work together are named together.
import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig } from '../../../bot/config/index.ts';
import { main } from '../../../commands/cli/main.ts';
import { configErrors, errorsOf, minimalTree, tempDir, treeWith, writeTemp } from './config-fixtures.ts';

const mastodon = { url: 'https://example.social', accessToken: 'mastodon-secret-token-0123456789' };
const yamlErrors = (text: string) => errorsOf(() => parseConfig(text, {}));

const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  '',
].join('\n');

describe('YAML that yaml itself refuses to expand', () => {
  it('an alias bomb names the first alias', () => {
    expect(yamlErrors(ALIAS_BOMB)).toEqual([
      'config.yaml: YAML error at line 2, column 8: aliases (*name) expand to too many values (more than 100), as in an alias bomb; write the values out instead',
    ]);
  });

  it('an alias before its anchor', () => {
    expect(yamlErrors('a: *later\nb: &later 1\n')).toEqual([
      'config.yaml: YAML error at line 1, column 4: the alias *later comes before its anchor &later (or there is none)',
    ]);
  });

  it('an alias inside the value it names', () => {
    expect(yamlErrors('a: &loop [*loop]\n')).toEqual([
      'config.yaml: YAML error at line 1, column 11: an alias refers to a value that contains it, so the value never ends; write it out instead',
    ]);
  });

  it('a __proto__ key is an unknown key, not a prototype', () => {
    const text = `${stringify(minimalTree())}__proto__:\n  log: { level: debug }\n`;
    expect(yamlErrors(text)).toEqual([expect.stringMatching(/^__proto__: unknown key/)]);
  });

  it('fedimoot check exits 2 with that message, not "unexpected failure"', async () => {
    const path = writeTemp(tempDir(), 'config.yaml', ALIAS_BOMB);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['check', '-c', path])).toBe(2);
      const written = stderr.mock.calls.map((call) => String(call[0])).join('');
      expect(written).toContain(`${path}: YAML error at line 2, column 8: aliases (*name) expand to too many values`);
      expect(written).not.toContain('unexpected failure');
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('numbers and booleans are not text', () => {
  it.each([
    ['governance.staffPowerLevel', '10', 'expected a whole number from 0 to 100 (a number, written without quotes), got "10"'],
    ['governance.seconds', '2', 'expected a whole number ≥ 0 (a number, written without quotes), got "2"'],
    ['governance.quorum.minVoters', '3', 'expected a whole number ≥ 0 (a number, written without quotes), got "3"'],
    ['governance.quorum.minTurnoutPercent', '10', 'expected a number from 0 to 100 (a number, written without quotes), got "10"'],
    ['governance.eligibility.minAccountAgeDays', '0', 'expected a whole number ≥ 0 (a number, written without quotes), got "0"'],
    ['pledges.maxAmount', '500', 'expected a number above 0 and at most 1000000000 (a number, written without quotes), got "500"'],
    ['governance.autoApply', 'false', 'expected true or false, written without quotes, got "false"'],
  ])('%s: %j is refused', (path, value, message) => {
    expect(configErrors(treeWith({ [path]: value }))).toEqual([`${path}: ${message}`]);
  });

  it('a whole ${VAR} still gives a number or a boolean, since the environment only holds text', () => {
    const tree = treeWith({ 'governance.staffPowerLevel': '${LEVEL}', 'pledges.enabled': '${PLEDGES}' });
    const config = parseConfig(stringify(tree), { LEVEL: '10', PLEDGES: 'false' });
    expect(config.governance.staffPowerLevel).toBe(10);
    expect(config.pledges.enabled).toBe(false);
  });

  it('a number inside other text from ${VAR} is still refused', () => {
    expect(configErrors(treeWith({ 'governance.staffPowerLevel': '1${DIGIT}' }), { DIGIT: '0' })).toEqual([
      'governance.staffPowerLevel: expected a whole number from 0 to 100 (a number, written without quotes), got "10"',
    ]);
  });

  it('a text key given a number-like ${VAR} keeps it as text', () => {
    const config = parseConfig(stringify(treeWith({ 'storage.path': '${DB}' })), { DB: '42' });
    expect(config.storage.path).toBe('42');
  });
});

describe('settings that cannot work together', () => {
  it('requireLinkedAccount without a mastodon section: nobody could ever vote', () => {
    expect(configErrors(treeWith({ 'governance.eligibility.requireLinkedAccount': true }))).toEqual([
      'governance.eligibility.requireLinkedAccount: true needs the mastodon section (mastodon.url and mastodon.accessToken): accounts are linked through the instance, so without it nobody could ever vote',
    ]);
    expect(configErrors(treeWith({ 'governance.eligibility.requireLinkedAccount': true, mastodon }))).toEqual([]);
  });

  it('minAccountAgeDays without requireLinkedAccount', () => {
    expect(configErrors(treeWith({ 'governance.eligibility.minAccountAgeDays': 30, mastodon }))).toEqual([
      'governance.eligibility.minAccountAgeDays: 30 needs governance.eligibility.requireLinkedAccount: true (it is the age of the linked account); set requireLinkedAccount, or minAccountAgeDays: 0',
    ]);
  });

  it('applyGracePeriod without autoApply', () => {
    expect(configErrors(treeWith({ 'governance.applyGracePeriod': '2d', mastodon }))).toEqual([
      'governance.applyGracePeriod: 2d needs governance.autoApply: true (only automatic application waits); set autoApply, or applyGracePeriod: 0',
    ]);
    expect(configErrors(treeWith({ 'governance.applyGracePeriod': '2d', 'governance.autoApply': true, mastodon }))).toEqual([]);
  });

  it('pledges enabled with no currency', () => {
    expect(configErrors(treeWith({ 'pledges.currencies': [] }))).toEqual([
      'pledges.currencies: is empty while pledges.enabled is true, so no pledge could be made; list a currency, or set enabled: false',
    ]);
    expect(configErrors(treeWith({ 'pledges.currencies': [], 'pledges.enabled': false }))).toEqual([]);
  });

  it('exits 2 from the command line, naming both keys', async () => {
    const path = writeTemp(tempDir(), 'config.yaml', stringify(treeWith({ 'governance.eligibility.requireLinkedAccount': true })));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['check', '-c', path])).toBe(2);
      const written = stderr.mock.calls.map((call) => String(call[0])).join('');
      expect(written).toMatch(/governance\.eligibility\.requireLinkedAccount: true needs the mastodon section/);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('log.format', () => {
  it('defaults to auto and takes pretty or json', () => {
    expect(parseConfig(stringify(minimalTree()), {}).log.format).toBe('auto');
    expect(parseConfig(stringify(treeWith({ 'log.format': 'json' })), {}).log.format).toBe('json');
    expect(configErrors(treeWith({ 'log.format': 'fancy' }))).toEqual(['log.format: expected one of auto|pretty|json, got "fancy"']);
  });
});
