// `npm run build` (also run by `npm install`/`npm ci` as the prepare script, and by `npm start`): compiles the bot's
// TypeScript into dist/ with the project's tsc, so the bot runs as plain JavaScript. Node could run the sources itself
// (type stripping), but that loads a TypeScript parser into every bot process and keeps each source file's text around:
// memory a bot beside a small instance should not pay. Type checking is `npm run lint`'s job, so this only emits
// (noCheck): a build takes seconds and never fails on a type error the linter reports anyway.
//
// dist/BUILT is written last: bin/fedimoot.js runs dist/ only while it is newer than every source file, and the
// sources otherwise (an edit after the last build runs as edited, never stale).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// `--if-stale` (npm start): nothing to do while dist/ is newer than every source file.
if (process.argv.includes('--if-stale')) {
  const { compiledIsCurrent } = await import('../bin/compiled-build.js');
  if (compiledIsCurrent()) process.exit(0);
}
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(`${root}dist`, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('fedimoot build: tsc failed (see above); the bot still runs from its TypeScript sources');
  process.exit(result.status ?? 1);
}
writeFileSync(`${root}dist/BUILT`, `${new Date().toISOString()}\n`);
