// Rules that relate several keys, checked once every key is valid on its own: settings that cannot work together
// stop start-up, each message naming both keys (config.example.yaml says the same beside each key).

import { formatDuration } from '../../governance/duration.ts';
import type { ConfigIssue } from './config-error.ts';
import type { Config } from './types.ts';

export function checkCrossFieldRules(config: Config): ConfigIssue[] {
  return [
    ...checkVotingPeriods(config),
    ...checkRooms(config),
    ...checkApply(config),
    ...checkEligibility(config),
    ...checkPledges(config),
    ...checkIntake(config),
    ...checkPeers(config),
  ];
}

function checkVotingPeriods({ governance: g }: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const d = formatDuration;
  if (g.minVotingPeriod > g.maxVotingPeriod) {
    issues.push({
      path: 'governance.minVotingPeriod',
      message: `must not be longer than governance.maxVotingPeriod (${d(g.maxVotingPeriod)}), got ${d(g.minVotingPeriod)}`,
    });
  } else if (g.votingPeriod < g.minVotingPeriod || g.votingPeriod > g.maxVotingPeriod) {
    issues.push({
      path: 'governance.votingPeriod',
      message: `must be from governance.minVotingPeriod (${d(g.minVotingPeriod)}) to governance.maxVotingPeriod (${d(g.maxVotingPeriod)}), got ${d(g.votingPeriod)}`,
    });
  }
  if (g.remindBefore !== 0 && g.remindBefore >= g.votingPeriod) {
    issues.push({
      path: 'governance.remindBefore',
      message: `must be shorter than governance.votingPeriod (${d(g.votingPeriod)}), got ${d(g.remindBefore)}; use 0 for no reminder`,
    });
  }
  return issues;
}

function checkRooms({ matrix }: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const staff = new Set(matrix.staffRooms);
  matrix.staffRooms.forEach((room, i) => {
    if (matrix.staffRooms.indexOf(room) !== i) issues.push({ path: `matrix.staffRooms[${i}]`, message: `${room} is listed twice` });
  });
  matrix.memberRooms.forEach((room, i) => {
    if (staff.has(room)) issues.push({ path: `matrix.memberRooms[${i}]`, message: `${room} is already a staff room` });
    else if (matrix.memberRooms.indexOf(room) !== i) issues.push({ path: `matrix.memberRooms[${i}]`, message: `${room} is listed twice` });
  });
  if (matrix.policyRoom && (staff.has(matrix.policyRoom) || matrix.memberRooms.includes(matrix.policyRoom))) {
    issues.push({ path: 'matrix.policyRoom', message: 'must be a room of its own, not a staff or member room' });
  }
  return issues;
}

function checkApply({ governance: g, mastodon }: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (g.autoApply && !mastodon) {
    issues.push({ path: 'governance.autoApply', message: 'needs the mastodon section: without it nothing can be applied' });
  }
  // Only automatic application waits; a staff apply is carried out at once, so the wait would silently never happen.
  if (g.applyGracePeriod > 0 && !g.autoApply) {
    issues.push({
      path: 'governance.applyGracePeriod',
      message: `${formatDuration(g.applyGracePeriod)} needs governance.autoApply: true (only automatic application waits); set autoApply, or applyGracePeriod: 0`,
    });
  }
  return issues;
}

function checkEligibility({ governance: g, mastodon }: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  // Accounts are linked through the instance (a code sent there): without it nobody could link, so nobody could vote.
  if (g.eligibility.requireLinkedAccount && !mastodon) {
    issues.push({
      path: 'governance.eligibility.requireLinkedAccount',
      message: 'true needs the mastodon section (mastodon.url and mastodon.accessToken): accounts are linked through the instance, so without it nobody could ever vote',
    });
  }
  // The age is that of the linked account; without linking there is no account whose age could be read.
  if (g.eligibility.minAccountAgeDays > 0 && !g.eligibility.requireLinkedAccount) {
    issues.push({
      path: 'governance.eligibility.minAccountAgeDays',
      message: `${g.eligibility.minAccountAgeDays} needs governance.eligibility.requireLinkedAccount: true (it is the age of the linked account); set requireLinkedAccount, or minAccountAgeDays: 0`,
    });
  }
  return issues;
}

function checkPledges({ pledges }: Config): ConfigIssue[] {
  if (pledges.enabled && pledges.currencies.length === 0) {
    return [{ path: 'pledges.currencies', message: 'is empty while pledges.enabled is true, so no pledge could be made; list a currency, or set enabled: false' }];
  }
  return [];
}

function checkIntake({ intake }: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  intake.sources.forEach((source, i) => {
    const first = intake.sources.findIndex((s) => s.name === source.name);
    if (first !== i) issues.push({ path: `intake.sources[${i}].name`, message: `"${source.name}" is already the name of intake.sources[${first}]; give each source its own name` });
  });
  const trust = intake.sources.reduce((sum, s) => sum + s.trust, 0);
  if (intake.sources.length > 0 && trust < intake.threshold) {
    issues.push({ path: 'intake.threshold', message: `is ${intake.threshold}, more than the trust of all intake.sources together (${trust}): no domain could ever reach it` });
  }
  return issues;
}

function checkPeers({ peers, mastodon }: Config): ConfigIssue[] {
  if (!peers) return [];
  const issues: ConfigIssue[] = [];
  // The most active servers are read through the instance's admin API.
  if (peers.fromInstanceActivity && !mastodon) {
    issues.push({ path: 'peers.fromInstanceActivity', message: 'true needs the mastodon section: the most active servers are read through the instance\'s admin API' });
  }
  if (peers.domains.length === 0 && !peers.fromInstanceActivity) {
    issues.push({ path: 'peers.domains', message: 'is empty and peers.fromInstanceActivity is false, so no peer would be watched; list peer domains, or remove the peers section' });
  }
  peers.domains.forEach((peer, i) => {
    if (peers.domains.findIndex((p) => p.name === peer.name) !== i) issues.push({ path: `peers.domains[${i}]`, message: `${peer.name} is listed twice` });
  });
  return issues;
}
