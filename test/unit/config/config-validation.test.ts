import { describe, expect, it } from 'vitest';
import { configErrors, treeWith } from './config-fixtures.ts';

describe('config validation messages', () => {
  const cases: { name: string; changes: Record<string, unknown>; errors: string[] }[] = [
    {
      name: 'typo in a key, with a suggestion',
      changes: { 'governance.quorum.minVoter': 3 },
      errors: ['governance.quorum.minVoter: unknown key; did you mean minVoters?'],
    },
    {
      name: 'key in another case and with underscores',
      changes: { 'matrix.command_prefix': '!vote', 'matrix.homeserverURL': 'https://m.example.org', 'matrix.homeserverUrl': undefined },
      errors: [
        'matrix.command_prefix: unknown key; did you mean commandPrefix?',
        'matrix.homeserverURL: unknown key; did you mean homeserverUrl?',
        'matrix.homeserverUrl: missing required key',
      ],
    },
    {
      name: 'unknown section with no close match lists the known keys',
      changes: { colours: { dark: true } },
      errors: ['colours: unknown key (known keys: matrix, mastodon, governance, pledges, publish, peers, storage, log, intake)'],
    },
    {
      name: 'wrong type for a whole number',
      changes: { 'governance.quorum.minVoters': 'ten' },
      errors: ['governance.quorum.minVoters: expected a whole number ≥ 0, got "ten"'],
    },
    {
      name: 'fractional and negative whole numbers',
      changes: { 'governance.seconds': 1.5, 'governance.staffPowerLevel': 101 },
      errors: [
        'governance.seconds: expected a whole number ≥ 0, got 1.5',
        'governance.staffPowerLevel: expected a whole number from 0 to 100, got 101',
      ],
    },
    {
      name: 'boolean written as yes',
      changes: { 'governance.autoApply': 'yes' },
      errors: ['governance.autoApply: expected true or false, got "yes"'],
    },
    {
      name: 'value outside an enumeration',
      changes: { 'log.level': 'verbose', 'governance.whoMayPropose': 'anyone' },
      errors: [
        'governance.whoMayPropose: expected one of members|staff, got "anyone"',
        'log.level: expected one of fatal|error|warn|info|debug|trace, got "verbose"',
      ],
    },
    {
      name: 'badly written duration',
      changes: { 'governance.votingPeriod': '7 days' },
      errors: ['governance.votingPeriod: expected a duration like 7d, 36h or 90m, got "7 days"'],
    },
    {
      name: 'bare number as a duration',
      changes: { 'governance.remindBefore': 3600 },
      errors: ['governance.remindBefore: expected a duration like 7d, 36h or 90m, got 3600'],
    },
    {
      name: 'duration out of bounds',
      changes: { 'mastodon.url': 'https://example.social', 'mastodon.accessToken': 't0ken', 'mastodon.requestTimeout': '0s', 'governance.maxVotingPeriod': '400d' },
      errors: [
        'governance.maxVotingPeriod: expected a duration from 1s to 365d, got "400d"',
        'mastodon.requestTimeout: expected a duration from 1s to 10m, got "0s"',
      ],
    },
    {
      name: 'votingPeriod above maxVotingPeriod',
      changes: { 'governance.votingPeriod': '45d' },
      errors: ['governance.votingPeriod: must be from governance.minVotingPeriod (1d) to governance.maxVotingPeriod (30d), got 45d'],
    },
    {
      name: 'votingPeriod below minVotingPeriod',
      changes: { 'governance.votingPeriod': '12h', 'governance.remindBefore': '1h' },
      errors: ['governance.votingPeriod: must be from governance.minVotingPeriod (1d) to governance.maxVotingPeriod (30d), got 12h'],
    },
    {
      name: 'minVotingPeriod above maxVotingPeriod',
      changes: { 'governance.minVotingPeriod': '40d' },
      errors: ['governance.minVotingPeriod: must not be longer than governance.maxVotingPeriod (30d), got 40d'],
    },
    {
      name: 'reminder not before the deadline',
      changes: { 'governance.votingPeriod': '2d', 'governance.remindBefore': '2d' },
      errors: ['governance.remindBefore: must be shorter than governance.votingPeriod (2d), got 2d; use 0 for no reminder'],
    },
    {
      name: 'thresholds 0, 1.5 and 3/2',
      changes: { 'governance.thresholds': { suspend: 0, limit: 1.5, lift: '3/2' } },
      errors: [
        'governance.thresholds.lift: expected a fraction above 0 and at most 1, like 2/3, 0.5 or 66%, got "3/2"',
        'governance.thresholds.limit: expected a fraction above 0 and at most 1, like 2/3, 0.5 or 66%, got 1.5',
        'governance.thresholds.suspend: expected a fraction above 0 and at most 1, like 2/3, 0.5 or 66%, got 0',
      ],
    },
    {
      name: 'turnout percent above 100',
      changes: { 'governance.quorum.minTurnoutPercent': 120 },
      errors: ['governance.quorum.minTurnoutPercent: expected a number from 0 to 100, got 120'],
    },
    {
      name: 'URL, room, user and currency',
      changes: {
        'matrix.homeserverUrl': 'matrix.example.org',
        'matrix.staffRooms': ['staff'],
        'matrix.ignoredUsers': ['bridge-bot'],
        'pledges.currencies': ['EUR', 'euro'],
      },
      errors: [
        'matrix.homeserverUrl: expected a URL like https://example.org, got "matrix.example.org"',
        'matrix.ignoredUsers[0]: expected a Matrix user id like "@alice:example.org", or a pattern like "@*_bridge:example.org", got "bridge-bot"',
        'matrix.staffRooms[0]: expected a Matrix room id or alias like "!abc:example.org" or "#town-hall:example.org", got "staff"',
        'pledges.currencies[1]: expected a currency code (ISO 4217, 3 letters) like EUR, got "euro"',
      ],
    },
    {
      name: 'no staff room',
      changes: { 'matrix.staffRooms': [] },
      errors: ['matrix.staffRooms: expected at least one of Matrix room ids or aliases, got an empty list'],
    },
    {
      name: 'staff rooms missing',
      changes: { 'matrix.staffRooms': undefined },
      errors: ['matrix.staffRooms: missing required key'],
    },
    {
      name: 'a room both staff and member room',
      changes: { 'matrix.memberRooms': ['#town:example.org', '!staff:example.org'] },
      errors: ['matrix.memberRooms[1]: !staff:example.org is already a staff room'],
    },
    {
      name: 'section of the wrong type',
      changes: { governance: 'strict' },
      errors: ['governance: expected a mapping of keys, got "strict"'],
    },
    {
      name: 'listen address without a port',
      changes: { 'publish.http.listen': 'localhost' },
      errors: ['publish.http.listen: expected host:port like 127.0.0.1:8080, got "localhost"'],
    },
    {
      name: 'autoApply without a mastodon section',
      changes: { 'governance.autoApply': true },
      errors: ['governance.autoApply: needs the mastodon section: without it nothing can be applied'],
    },
  ];

  it.each(cases)('$name', ({ changes, errors }) => {
    expect(configErrors(treeWith(changes))).toEqual(errors);
  });

  it('echoes long values shortened', () => {
    const [line] = configErrors(treeWith({ 'log.level': 'x'.repeat(100) }));
    expect(line).toBe(`log.level: expected one of fatal|error|warn|info|debug|trace, got "${'x'.repeat(60)}…"`);
  });
});
