// Time the process spent in garbage collection over a stretch of work, for debug lines that explain a slow step (a
// full collection of the bot's heap can take longer than reading a 10,000-member list: bench/scale.ts).
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface GcPauses {
  /** Milliseconds spent collecting since the start, and how many of the collections were full (mark-compact) ones. */
  stop(): { gcMs: number; fullGcs: number };
}

export function watchGcPauses(): GcPauses {
  const seen: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => void seen.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      // Entries not delivered to the callback yet are still in the observer's buffer.
      seen.push(...observer.takeRecords());
      observer.disconnect();
      let gcMs = 0;
      let fullGcs = 0;
      for (const entry of seen) {
        gcMs += entry.duration;
        const kind = ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0;
        if (kind & constants.NODE_PERFORMANCE_GC_MAJOR) fullGcs++;
      }
      return { gcMs: Math.round(gcMs), fullGcs };
    },
  };
}
