// `npm run bench`: every benchmark section, each measured against a raw-SQLite baseline in the same run.
// Exit code 1 when a goal is missed. Add a section by appending it to SECTIONS.

import type { BenchSection } from './report.ts';
import { printSection } from './report.ts';
import { votesSection } from './votes.ts';

const SECTIONS: readonly BenchSection[] = [votesSection];

let allMet = true;
for (const section of SECTIONS) {
  const rows = await section.run();
  allMet = printSection(section.title, rows) && allMet;
}
if (!allMet) {
  console.log('\nSome goals were missed.');
  process.exitCode = 1;
}
