// Shared set-up for the storage tests: stores on a fake clock, temporary folders, and vote factories.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { RawVote } from '../../../governance/types.ts';
import type { NewProposal, Proposal } from '../../../storage/proposals.ts';
import { openStore, type Store } from '../../../storage/store.ts';

export const T0 = Date.UTC(2025, 5, 1, 12);

export interface FakeClock {
  (): number;
  advance(ms: number): void;
}

export function fakeClock(start = T0): FakeClock {
  let now = start;
  return Object.assign(() => now, { advance: (ms: number) => void (now += ms) });
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** An in-memory store closed after the test. */
export function memoryStore(clock: FakeClock = fakeClock()): Store {
  const store = openStore(':memory:', { clock });
  cleanups.push(() => store.close());
  return store;
}

/** A temporary folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fedimoot-storage-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function newProposal(overrides: Partial<NewProposal> = {}): NewProposal {
  return {
    domain: 'threads.net',
    action: 'suspend',
    durationMs: 7 * 86_400_000,
    proposer: '@alice:example.social',
    originRoomId: '!townhall:example.social',
    ...overrides,
  };
}

/** A proposal already open for voting, with the given voters eligible. */
export function openProposal(store: Store, eligible: readonly string[] = [], overrides: Partial<NewProposal> = {}): Proposal {
  const { proposal } = store.proposals.create(newProposal(overrides));
  store.proposals.advance(proposal.id, { type: 'open' }, { fields: { openedAt: T0, deadlineAt: T0 + proposal.durationMs } });
  store.eligibility.insertMany(proposal.id, eligible);
  return store.proposals.get(proposal.id)!;
}

let eventCounter = 0;

export function vote(voter: string, answers: readonly string[], ts: number, overrides: Partial<RawVote> = {}): RawVote {
  eventCounter += 1;
  return {
    voter,
    answers,
    ts,
    eventId: `$event${String(eventCounter).padStart(6, '0')}`,
    roomId: '!townhall:example.social',
    source: 'poll',
    ...overrides,
  };
}
