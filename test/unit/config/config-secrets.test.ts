import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, redactSecrets, secretValues, SECRET_KEY_PATHS } from '../../../bot/config/index.ts';
import { MASTODON_TOKEN, MATRIX_TOKEN, configErrors, errorsOf, minimalTree, tempDir, treeWith, writeTemp } from './config-fixtures.ts';

const mastodon = { url: 'https://example.social', accessToken: MASTODON_TOKEN };

describe('environment variables', () => {
  it('substitutes whole and embedded references', () => {
    const tree = treeWith({
      'matrix.accessToken': '${MATRIX_TOKEN}',
      'matrix.homeserverUrl': 'https://${MATRIX_HOST}:8448',
      'storage.path': '$${NOT_A_VARIABLE}/db',
    });
    const config = parseConfig(stringify(tree), { MATRIX_TOKEN, MATRIX_HOST: 'matrix.example.org' });
    expect(config.matrix.accessToken).toBe(MATRIX_TOKEN);
    expect(config.matrix.homeserverUrl).toBe('https://matrix.example.org:8448');
    expect(config.storage.path).toBe('${NOT_A_VARIABLE}/db');
  });

  it('reads numbers and booleans from variables', () => {
    const tree = treeWith({ 'governance.quorum.minVoters': '${MIN_VOTERS}', 'governance.autoApply': '${AUTO}', mastodon });
    const config = parseConfig(stringify(tree), { MIN_VOTERS: '12', AUTO: 'true' });
    expect(config.governance.quorum.minVoters).toBe(12);
    expect(config.governance.autoApply).toBe(true);
  });

  it.each([
    [{ 'matrix.accessToken': '${MATRIX_TOKEN}' }, ['matrix.accessToken: environment variable MATRIX_TOKEN is not set']],
    [
      { 'publish.baseUrl': 'https://${PUBLIC_HOST}/log' },
      ['publish.baseUrl: environment variable PUBLIC_HOST is not set'],
    ],
    [{ 'matrix.staffRooms': ['${STAFF_ROOM}'] }, ['matrix.staffRooms[0]: environment variable STAFF_ROOM is not set']],
  ])('reports an unset variable with the key path: %j', (changes, errors) => {
    expect(configErrors(treeWith(changes), {})).toEqual(errors);
  });
});

describe('secret files', () => {
  it('reads the token from a file, dropping the trailing newline', () => {
    const file = writeTemp(tempDir(), 'matrix-token', `${MATRIX_TOKEN}\n`);
    const tree = treeWith({ 'matrix.accessToken': undefined, 'matrix.accessTokenFile': file });
    expect(parseConfig(stringify(tree), {}).matrix.accessToken).toBe(MATRIX_TOKEN);
  });

  it('takes the file path from an environment variable', () => {
    const dir = tempDir();
    writeTemp(dir, 'mastodon-token', MASTODON_TOKEN);
    const tree = treeWith({ mastodon: { url: 'https://example.social', accessTokenFile: '${SECRETS}/mastodon-token' } });
    expect(parseConfig(stringify(tree), { SECRETS: dir }).mastodon?.accessToken).toBe(MASTODON_TOKEN);
  });

  it.each([
    {
      name: 'both token and file',
      changes: { 'matrix.accessTokenFile': '/run/secrets/token' },
      errors: ['matrix.accessToken: give either matrix.accessToken or matrix.accessTokenFile, not both'],
    },
    {
      name: 'neither token nor file',
      changes: { 'matrix.accessToken': undefined },
      errors: ['matrix.accessToken: missing; set it, or matrix.accessTokenFile'],
    },
    {
      name: 'neither, in the mastodon section',
      changes: { mastodon: { url: 'https://example.social' } },
      errors: ['mastodon.accessToken: missing; set it, or mastodon.accessTokenFile'],
    },
    {
      name: 'unreadable file',
      changes: { 'matrix.accessToken': undefined, 'matrix.accessTokenFile': '/nonexistent/fedimoot/token' },
      errors: ['matrix.accessTokenFile: cannot read /nonexistent/fedimoot/token (ENOENT)'],
    },
    {
      name: 'typo in the file key',
      changes: { 'matrix.accessToken': undefined, 'matrix.accessTokenFiel': '/run/secrets/token' },
      errors: [
        'matrix.accessToken: missing; set it, or matrix.accessTokenFile',
        'matrix.accessTokenFiel: unknown key; did you mean accessTokenFile?',
      ],
    },
  ])('$name', ({ changes, errors }) => {
    expect(configErrors(treeWith(changes))).toEqual(errors);
  });

  it('reports an empty token file without its content', () => {
    const file = writeTemp(tempDir(), 'empty', '\n');
    const tree = treeWith({ 'matrix.accessToken': undefined, 'matrix.accessTokenFile': file });
    expect(configErrors(tree)).toEqual([`matrix.accessTokenFile: ${file} is empty`]);
  });
});

describe('secrets never appear in messages', () => {
  it.each([
    ['a number', 987654321987, 'matrix.accessToken: expected an access token (non-empty text), got a number'],
    ['a list', [MATRIX_TOKEN], 'matrix.accessToken: expected an access token (non-empty text), got a list'],
    ['a mapping', { token: MATRIX_TOKEN }, 'matrix.accessToken: expected an access token (non-empty text), got a mapping'],
  ])('a token given as %s', (_kind, token, message) => {
    const lines = configErrors(treeWith({ 'matrix.accessToken': token }));
    expect(lines).toEqual([message]);
    expect(lines.join('\n')).not.toContain(String(Array.isArray(token) ? token[0] : typeof token === 'object' ? MATRIX_TOKEN : token));
  });

  it('scrubs a token pasted into another key', () => {
    const lines = configErrors(treeWith({ mastodon: { ...mastodon, flavor: MASTODON_TOKEN } }));
    expect(lines).toEqual(['mastodon.flavor: expected one of auto|mastodon|gotosocial, got "[redacted]"']);
  });

  it('keeps the source line out of YAML syntax errors', () => {
    const text = `matrix:\n  accessToken: ${MATRIX_TOKEN}: "oops\n`;
    const lines = errorsOf(() => parseConfig(text, {}));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(MATRIX_TOKEN);
  });
});

describe('redaction for printing', () => {
  const config = parseConfig(stringify({ ...minimalTree(), mastodon }), {});

  it('replaces every secret', () => {
    const printed = JSON.stringify(redactSecrets(config));
    expect(printed).not.toContain(MATRIX_TOKEN);
    expect(printed).not.toContain(MASTODON_TOKEN);
    expect(redactSecrets(config).matrix.accessToken).toBe('[redacted]');
    expect(config.matrix.accessToken).toBe(MATRIX_TOKEN);
  });

  it('lists the secret paths and values for the logger', () => {
    expect(SECRET_KEY_PATHS).toEqual(['matrix.accessToken', 'mastodon.accessToken']);
    expect(secretValues(config)).toEqual([MATRIX_TOKEN, MASTODON_TOKEN]);
  });

  it('ConfigError carries exit code 2 and the issues', () => {
    try {
      parseConfig(stringify(treeWith({ 'log.level': 'loud' })), {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const configError = error as ConfigError;
      expect(configError.exitCode).toBe(2);
      expect(configError.issues).toEqual([
        { path: 'log.level', message: 'expected one of fatal|error|warn|info|debug|trace, got "loud"' },
      ]);
    }
  });
});
