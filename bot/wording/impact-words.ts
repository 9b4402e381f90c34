// Admin measures in words, for `impact` and the poll announcement.
import type { Impact } from '../../governance/blocks.ts';

export const IMPACT_UNAVAILABLE = 'impact figures are not available on this server';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function bytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${n} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** e.g. "12 local accounts follow people there; 30 people there follow local accounts; …". */
export function describeImpact(figures: Impact | undefined): string {
  if (!figures) return IMPACT_UNAVAILABLE;
  const parts: string[] = [];
  if (figures.follows !== undefined) parts.push(`${count(figures.follows, 'local account follows', 'local accounts follow')} people there`);
  if (figures.followers !== undefined) parts.push(`${count(figures.followers, 'person there follows', 'people there follow')} local accounts`);
  if (figures.accounts !== undefined) parts.push(`${count(figures.accounts, 'account', 'accounts')} from there known here`);
  if (figures.reports !== undefined) parts.push(`${count(figures.reports, 'report', 'reports')} about them`);
  if (figures.mediaBytes !== undefined) parts.push(`${bytes(figures.mediaBytes)} of their media cached`);
  return parts.length ? parts.join('; ') : IMPACT_UNAVAILABLE;
}
