// The shape of config.yaml, with defaults. Values are parsed by field-parsers.ts; rules that relate
// several keys live in cross-field-rules.ts.

import { z } from 'zod';
import {
  commandPrefix,
  currencyCode,
  duration,
  field,
  httpUrl,
  listenAddress,
  nonEmptyText,
  numberInRange,
  oneOf,
  parseBoolean,
  peerRef,
  roomRef,
  threshold,
  userPattern,
  wholeNumber,
  type Parsed,
} from './field-parsers.ts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

// An empty YAML value (`memberRooms:` with nothing after it) means "not given" for sections and lists.
const nullAsAbsent = (value: unknown) => (value === null ? undefined : value);

function section<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'invalid_type' ? 'expected a mapping of keys' : undefined),
  });
}

function optionalSection<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess(nullAsAbsent, section(shape).prefault({} as z.input<ReturnType<typeof section<S>>>));
}

function list(parse: (input: unknown) => Parsed<string>, what: string, options: { min?: number; default?: string[] } = {}) {
  let schema = z.array(field(parse), { error: () => `expected a list of ${what}` });
  if (options.min) schema = schema.min(options.min, { error: `expected at least one of ${what}` });
  const fallback = options.default;
  return z.preprocess(nullAsAbsent, fallback ? schema.default(() => [...fallback]) : schema);
}

const bool = field(parseBoolean);
const secret = field(nonEmptyText('an access token (non-empty text)'));

const matrixShape = {
  homeserverUrl: field(httpUrl),
  accessToken: secret,
  staffRooms: list(roomRef, 'Matrix room ids or aliases', { min: 1 }),
  memberRooms: list(roomRef, 'Matrix room ids or aliases', { default: [] }),
  policyRoom: field(roomRef).optional(),
  createPolicyRoom: bool.default(false),
  commandPrefix: field(commandPrefix).default('!moot'),
  ignoredUsers: list(userPattern, 'Matrix user ids or patterns', { default: [] }),
  encryption: bool.default(true),
};

const announceShape = {
  enabled: bool.default(false),
  visibility: field(oneOf(['public', 'unlisted', 'private', 'direct'] as const)).default('unlisted'),
};

const mastodonShape = {
  url: field(httpUrl),
  accessToken: secret,
  flavor: field(oneOf(['auto', 'mastodon', 'gotosocial'] as const)).default('auto'),
  dryRun: bool.default(false),
  requestTimeout: field(duration(SECOND, 10 * MINUTE)).default(30 * SECOND),
  announce: optionalSection(announceShape),
};

const quorumShape = {
  minVoters: field(wholeNumber(0)).default(3),
  minTurnoutPercent: field(numberInRange(0, 100)).default(10),
};

const thresholdsShape = {
  suspend: field(threshold).default({ numerator: 2, denominator: 3 }),
  limit: field(threshold).default({ numerator: 1, denominator: 2 }),
  lift: field(threshold).default({ numerator: 1, denominator: 2 }),
};

const eligibilityShape = {
  requireLinkedAccount: bool.default(false),
  minAccountAgeDays: field(wholeNumber(0)).default(0),
};

const votingPeriod = field(duration(SECOND, YEAR));

const governanceShape = {
  votingPeriod: votingPeriod.default(7 * DAY),
  minVotingPeriod: votingPeriod.default(DAY),
  maxVotingPeriod: votingPeriod.default(30 * DAY),
  seconds: field(wholeNumber(0)).default(0),
  whoMayPropose: field(oneOf(['members', 'staff'] as const)).default('members'),
  pollKind: field(oneOf(['disclosed', 'undisclosed'] as const)).default('undisclosed'),
  quorum: optionalSection(quorumShape),
  thresholds: optionalSection(thresholdsShape),
  eligibility: optionalSection(eligibilityShape),
  remindBefore: field(duration(0, YEAR)).default(DAY),
  autoApply: bool.default(false),
  applyGracePeriod: field(duration(0, YEAR)).default(0),
  staffPowerLevel: field(wholeNumber(0, 100)).default(50),
  // Bounds as governance/stages.ts REVIEW_AFTER_BOUNDS (a week to five years); absent = no review dates.
  reviewAfter: field(duration(7 * DAY, 5 * YEAR)).optional(),
  stageReminderBefore: field(duration(0, YEAR)).default(7 * DAY),
  // The shortest --after and --review a proposal may ask for (defaults 1d and 7d, as governance/stages.ts).
  minStageAfter: field(duration(SECOND, 730 * DAY)).default(DAY),
  minReviewAfter: field(duration(SECOND, 5 * YEAR)).default(7 * DAY),
};

const pledgesShape = {
  enabled: bool.default(true),
  currencies: list(currencyCode, 'currency codes', { default: ['EUR', 'USD'] }),
  maxAmount: field(numberInRange(0, 1_000_000_000, true)).default(10_000),
};

const httpShape = {
  listen: field(listenAddress),
};

const publishShape = {
  http: z.preprocess(nullAsAbsent, section(httpShape).optional()),
  baseUrl: field(httpUrl).optional(),
  title: field(nonEmptyText('a page title (non-empty text)')).optional(),
  allowDisclosedVotes: bool.default(false),
};

const peersShape = {
  domains: z.preprocess(nullAsAbsent, z.array(field(peerRef), { error: () => 'expected a list of peer domains' }).default(() => [])),
  // Mastodon only: the instance's most active remote servers (admin dimensions, key servers) are watched too.
  fromInstanceActivity: bool.default(false),
  activeServers: field(wholeNumber(1, 500)).default(50),
  concurrency: field(wholeNumber(1, 64)).default(8),
  timeout: field(duration(SECOND, 5 * MINUTE)).default(10 * SECOND),
  maxBytes: field(wholeNumber(10_000, 1_000_000_000)).default(16_000_000),
  cacheTtl: field(duration(MINUTE, 30 * DAY)).default(6 * HOUR),
};

const storageShape = {
  path: field(nonEmptyText('a file path')).default('./data/fedimoot.db'),
};

const logShape = {
  level: field(oneOf(LOG_LEVELS)).default('info'),
  // auto: readable lines on a terminal, JSON lines otherwise (for a log collector).
  format: field(oneOf(['auto', 'pretty', 'json'] as const)).default('auto'),
};

export const INTAKE_FORMATS = ['fedimoot-log', 'fires', 'csv', 'json', 'plain'] as const;

const SOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const sourceName = (input: unknown): Parsed<string> =>
  typeof input === 'string' && SOURCE_NAME.test(input) ? { ok: true, value: input } : { ok: false, expected: 'expected a short name of letters, digits, ".", "_" or "-" (at most 40), like friends-moot' };

const intakeSourceShape = {
  name: field(sourceName),
  url: field(httpUrl),
  format: field(oneOf(INTAKE_FORMATS)),
  // How many sources this one counts as toward intake.threshold; 0: shown beside others, never enough alone.
  trust: field(wholeNumber(0, 10)).default(1),
};

const intakeShape = {
  sources: z.preprocess(nullAsAbsent, z.array(section(intakeSourceShape), { error: () => 'expected a list of sources (name, url, format)' }).default(() => [])),
  threshold: field(wholeNumber(1, 100)).default(1),
  every: field(duration(MINUTE, 7 * DAY)).default(HOUR),
  timeout: field(duration(SECOND, 10 * MINUTE)).default(30 * SECOND),
  maxBytes: field(wholeNumber(1_000, 1_000_000_000)).default(20_000_000),
};

const rootShape = {
  matrix: section(matrixShape),
  mastodon: z.preprocess(nullAsAbsent, section(mastodonShape).optional()),
  governance: optionalSection(governanceShape),
  pledges: optionalSection(pledgesShape),
  publish: optionalSection(publishShape),
  peers: z.preprocess(nullAsAbsent, section(peersShape).optional()),
  storage: optionalSection(storageShape),
  log: optionalSection(logShape),
  intake: optionalSection(intakeShape),
};

// Optional keys are spelled out so the result has every key of Config, present even when undefined.
export const configSchema = section(rootShape).transform((config) => ({
  ...config,
  mastodon: config.mastodon,
  peers: config.peers,
  pledges: { ...config.pledges, currencies: [...new Set(config.pledges.currencies)] },
  publish: { ...config.publish, http: config.publish.http, baseUrl: config.publish.baseUrl, title: config.publish.title },
  matrix: { ...config.matrix, policyRoom: config.matrix.policyRoom },
}));

/** Keys read before validation (secret files) that the schema itself never sees. */
const PRE_VALIDATION_KEYS: Record<string, readonly string[]> = {
  matrix: ['accessTokenFile'],
  mastodon: ['accessTokenFile'],
};

const SECTION_SHAPES: Record<string, object> = {
  '': rootShape,
  matrix: matrixShape,
  mastodon: mastodonShape,
  'mastodon.announce': announceShape,
  governance: governanceShape,
  'governance.quorum': quorumShape,
  'governance.thresholds': thresholdsShape,
  'governance.eligibility': eligibilityShape,
  pledges: pledgesShape,
  publish: publishShape,
  'publish.http': httpShape,
  peers: peersShape,
  storage: storageShape,
  log: logShape,
  intake: intakeShape,
  'intake.sources': intakeSourceShape,
};

/** The keys allowed in the mapping at a dotted path ('' = top level), for "did you mean" hints. */
export function knownKeysAt(path: string): readonly string[] {
  const shape = SECTION_SHAPES[path.replace(/\[\d+\]/g, '')];
  return shape ? [...Object.keys(shape), ...(PRE_VALIDATION_KEYS[path] ?? [])] : [];
}
