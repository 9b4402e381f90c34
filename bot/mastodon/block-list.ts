// The block list consecutive applies plan from, so 300 queued decisions share one read of a long list instead of
// each reading every page (Mastodon allows 300 paging requests per 15 minutes): the last full list read, plus the
// effects of this gateway's own successful writes, for a minute at most.
//
// It only guides planning; it is never the proof that a decision is in force. Why a stale list cannot make a block
// twice or mark a decision applied that the server does not show:
// - Mastodon refuses a POST for a domain already blocked (or under a parent at least as strict) with 422 and the
//   existing block, and runApply then plans again on a fresh list: a stale list costs one refused POST at most.
// - GoToSocial answers a duplicate POST with 200 and the existing block, which only the list can tell from a
//   creation: createOnce reads the server's list before every POST there, never the kept one.
// - A plan that writes nothing (already as decided, covered, nothing to lift) would rest on the list's word alone,
//   so runApply confirms it on a fresh list; a PUT or DELETE whose block has gone is planned again on a fresh list.
// - A resumed apply (found `applying`) reads fresh: its own block may be there from before a crash.
// Anything unexpected (an error, a 422 or "exists", a retried write such as a 409 or a lost answer, an unknown id)
// drops the list, so the next plan reads it again.
import type { DomainBlock } from '../../governance/blocks.ts';

export const BLOCK_LIST_MAX_AGE_MS = 60_000;

export class BlockList {
  private blocks: DomainBlock[] | undefined;
  private readAt = 0;
  /** Moves on with every change here, so a read that overlapped one is not kept (it may miss that change). */
  private generation = 0;
  private readonly now: () => number;
  private readonly maxAgeMs: number;

  constructor(now: () => number, maxAgeMs = BLOCK_LIST_MAX_AGE_MS) {
    this.now = now;
    this.maxAgeMs = maxAgeMs;
  }

  /** The kept list, if it is young enough. */
  recent(): DomainBlock[] | undefined {
    if (!this.blocks || this.now() - this.readAt > this.maxAgeMs) return undefined;
    return [...this.blocks];
  }

  /** A full read, kept unless something changed while it ran; a failed read drops the list. */
  async read(readAll: () => Promise<DomainBlock[]>): Promise<DomainBlock[]> {
    const generation = this.generation;
    // As old as its first page, however long the others took.
    const startedAt = this.now();
    let blocks: DomainBlock[];
    try {
      blocks = await readAll();
    } catch (error) {
      this.forget();
      throw error;
    }
    if (this.generation === generation) {
      this.blocks = [...blocks];
      this.readAt = startedAt;
    }
    return blocks;
  }

  /** The effects below answer false when the kept list does not match what the server said; the caller then drops it. */
  created(block: DomainBlock): boolean {
    return this.change((list) => (list.some((b) => b.id === block.id || b.domain === block.domain) ? undefined : [block, ...list]));
  }

  updated(block: DomainBlock): boolean {
    return this.change((list) => (list.some((b) => b.id === block.id) ? list.map((b) => (b.id === block.id ? block : b)) : undefined));
  }

  deleted(id: string): boolean {
    return this.change((list) => (list.some((b) => b.id === id) ? list.filter((b) => b.id !== id) : undefined));
  }

  forget(): void {
    this.generation++;
    this.blocks = undefined;
  }

  private change(edit: (list: DomainBlock[]) => DomainBlock[] | undefined): boolean {
    this.generation++;
    if (!this.blocks) return true;
    const edited = edit(this.blocks);
    if (edited) this.blocks = edited;
    return edited !== undefined;
  }
}
