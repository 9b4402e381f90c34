// Shared by the benchmark sections: timing, and the table every section's figures are printed in.

export interface Measurement {
  /** What our code did, e.g. "ingest 100,000 votes (recordVote)". */
  name: string;
  ms: number;
  /** The same work done the plainest possible way with raw SQLite, in the same run. */
  baselineName: string;
  baselineMs: number;
  /** The largest acceptable ms / baselineMs; none for rows that only explain another. */
  goalRatio?: number;
}

export interface BenchSection {
  /** For `npm run bench -- --only <id>[,<id>…]`. */
  id: string;
  title: string;
  run(): Measurement[] | Promise<Measurement[]>;
}

export function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median of `runs` timings after `warmups` untimed calls. */
export function medianMs(fn: () => void, runs: number, warmups = 2): number {
  for (let i = 0; i < warmups; i++) fn();
  return median(Array.from({ length: runs }, () => timeMs(fn)));
}

export function passed(m: Measurement): boolean {
  return m.goalRatio === undefined || m.ms / m.baselineMs <= m.goalRatio;
}

/** Prints one section's table; returns whether every goal was met. */
export function printSection(title: string, rows: readonly Measurement[]): boolean {
  const table = rows.map((m) => ({
    measure: m.name,
    ms: m.ms.toFixed(1),
    baseline: m.baselineName,
    'baseline ms': m.baselineMs.toFixed(1),
    ratio: `${(m.ms / m.baselineMs).toFixed(2)}×`,
    goal: m.goalRatio === undefined ? '' : `≤ ${m.goalRatio}×`,
    result: m.goalRatio === undefined ? '' : passed(m) ? 'ok' : 'MISSED',
  }));
  const columns = Object.keys(table[0] ?? {}) as (keyof (typeof table)[number])[];
  const widths = columns.map((c) => Math.max(c.length, ...table.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of table) console.log(line(columns.map((c) => row[c])));
  return rows.every(passed);
}
