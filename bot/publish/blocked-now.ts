// The "Blocked now" table in words: one row per block in force (views.ts blocksInForce, the same fold the CSV uses),
// saying since when, why, and whether a vote here made it or it was recorded from the instance.
import { day, importedWords, priorBlockWords } from './plain-words.ts';
import { blocksInForce, type PublishedDecision } from './views.ts';

export interface BlockedNowRow {
  number: number;
  domain: string;
  /** True when `domain` is the obfuscated form: such a block is left out of the public CSV. */
  obfuscated: boolean;
  severity: string;
  since: string;
  reason: string;
  origin: string;
}

function severity(d: PublishedDecision): string {
  const extras = [d.rejectMedia ? 'media rejected' : '', d.rejectReports ? 'reports rejected' : ''].filter(Boolean);
  return [d.action === 'suspend' ? 'Suspended' : 'Limited', ...extras].join(', ');
}

/** A vote's block is in force from its application; an imported one was there before it was recorded. */
function since(d: PublishedDecision): string {
  return d.imported ? `before ${day(d.closedAt)}` : day(d.applied!.appliedAt);
}

function origin(d: PublishedDecision): string {
  if (d.imported) return importedWords(d);
  const changed = d.priorBlock ? ` Before it, the domain was ${priorBlockWords(d)}.` : '';
  return `By vote: proposal ${d.number}.${changed}`;
}

export function blockedNow(decisions: readonly PublishedDecision[]): BlockedNowRow[] {
  return blocksInForce(decisions).map((d) => ({
    number: d.number,
    domain: d.domain,
    obfuscated: d.obfuscated,
    severity: severity(d),
    since: since(d),
    reason: d.reason ?? '',
    origin: origin(d),
  }));
}
