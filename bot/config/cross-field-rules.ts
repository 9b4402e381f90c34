// Rules that relate several keys, checked once every key is valid on its own.

import { formatDuration } from '../../governance/duration.ts';
import type { ConfigIssue } from './config-error.ts';
import type { Config } from './types.ts';

export function checkCrossFieldRules(config: Config): ConfigIssue[] {
  return [...checkVotingPeriods(config), ...checkRooms(config), ...checkApply(config)];
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

function checkApply(config: Config): ConfigIssue[] {
  if (config.governance.autoApply && !config.mastodon) {
    return [{ path: 'governance.autoApply', message: 'needs the mastodon section: without it nothing can be applied' }];
  }
  return [];
}
