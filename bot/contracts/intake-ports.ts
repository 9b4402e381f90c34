// What `!moot sources` asks of the signal intake (bot/intake/): the followed sources and their state.

export interface SourceView {
  name: string;
  url: string;
  format: string;
  trust: number;
  status: 'new' | 'ok' | 'failing';
  problem?: string;
  /** Domains its last good reading blocks. */
  blocks: number;
  skipped: number;
  lastReadAt?: number;
  lastOkAt?: number;
  failingSince?: number;
}

export interface IntakeOverview {
  sources: SourceView[];
  threshold: number;
  /** The poll interval in milliseconds. */
  everyMs: number;
}

export interface IntakeActions {
  overview(): IntakeOverview;
}
