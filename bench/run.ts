// `npm run bench`: every benchmark section, each measured against a raw-SQLite baseline in the same run.
// A missed goal is reported, not fatal (figures vary by machine); `--strict` makes it exit 1. Add a section by appending it to SECTIONS.

import type { BenchSection } from './report.ts';
import { printSection } from './report.ts';
import { votesSection } from './votes.ts';
import { matrixSection } from './matrix.ts';
import { mastodonSection } from './mastodon.ts';

const SECTIONS: readonly BenchSection[] = [votesSection, mastodonSection, matrixSection];

let allMet = true;
for (const section of SECTIONS) {
  const rows = await section.run();
  allMet = printSection(section.title, rows) && allMet;
}
if (!allMet) {
  console.log('\nSome goals were missed (see the notes above each table).');
  if (process.argv.includes('--strict')) process.exitCode = 1;
}
