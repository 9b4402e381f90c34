// A process's resident memory, read from /proc (Linux), for the bench's memory rows.
import { readFileSync } from 'node:fs';

export function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}
