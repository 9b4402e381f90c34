// `npm run bench`: every benchmark section, each measured against a baseline in the same run.
// A missed goal is reported, not fatal (figures vary by machine); `--strict` makes it exit 1. Add a section by appending
// it to SECTIONS. `npm run bench -- --only scale` (or `--only votes,footprint`) runs only the sections named.
// The bot runs compiled, as operators run it: the bench builds it first.
import { spawnSync } from 'node:child_process';
import type { BenchSection } from './report.ts';
import { printSection } from './report.ts';
import { votesSection } from './votes.ts';
import { matrixSection } from './matrix.ts';
import { mastodonSection } from './mastodon.ts';
import { footprintSection } from './footprint.ts';
import { scaleSection } from './scale.ts';
import { peersSection } from './peers.ts';

const SECTIONS: readonly BenchSection[] = [votesSection, mastodonSection, peersSection, footprintSection, matrixSection, scaleSection];

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '').split(',') : undefined;
const unknown = only?.filter((id) => !SECTIONS.some((s) => s.id === id)) ?? [];
if (unknown.length || (only && !only.length)) {
  console.error(`bench: --only takes section names from: ${SECTIONS.map((s) => s.id).join(', ')} (got "${unknown.join(',')}")`);
  process.exit(2);
}

const build = spawnSync(process.execPath, [new URL('../scripts/build.ts', import.meta.url).pathname], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

let allMet = true;
for (const section of SECTIONS.filter((s) => !only || only.includes(s.id))) {
  const rows = await section.run();
  allMet = printSection(section.title, rows) && allMet;
}
if (!allMet) {
  console.log('\nSome goals were missed (see the notes above each table).');
  if (process.argv.includes('--strict')) process.exitCode = 1;
}
