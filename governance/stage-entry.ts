// The decision log's `stage` entry: what became of a staged decision's second stage (docs/LOG-FORMAT.md).
import type { Action } from './types.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A later fact about a staged decision: its second stage was applied on its date, or a later approved decision on
 * the domain superseded it (`supersededBy`) before that.
 */
export interface StageEntry {
  kind: 'stage';
  number: number;
  action: Action;
  outcome: 'applied' | 'superseded';
  at: string;
  supersededBy: number | null;
  mastodonBlockId: string | null;
}

export function stageEntry(number: number, action: Action, at: number, result: { supersededBy: number } | { mastodonBlockId: string | undefined }): StageEntry {
  const superseded = 'supersededBy' in result;
  return {
    kind: 'stage',
    number,
    action,
    outcome: superseded ? 'superseded' : 'applied',
    at: iso(at),
    supersededBy: superseded ? result.supersededBy : null,
    mastodonBlockId: superseded ? null : (result.mastodonBlockId ?? null),
  };
}
