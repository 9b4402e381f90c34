// Whether dist/ (the compiled bot, `npm run build`) is current: its marker dist/BUILT is newer than every source file.
// Plain JavaScript, shared by bin/fedimoot.js (which runs dist/ only then) and scripts/build.ts (which `npm start` asks
// to build only when it is not, so a start after an unchanged checkout does not recompile).
import { readdirSync, statSync } from 'node:fs';

const ROOT = new URL('../', import.meta.url);
const SOURCE_DIRS = ['bot', 'commands', 'storage', 'governance'];

export function compiledIsCurrent() {
  let built;
  try {
    built = statSync(new URL('dist/BUILT', ROOT)).mtimeMs;
  } catch {
    return false;
  }
  for (const dir of SOURCE_DIRS) {
    const base = new URL(`${dir}/`, ROOT);
    for (const file of readdirSync(base, { recursive: true })) {
      if (String(file).endsWith('.ts') && statSync(new URL(String(file), base)).mtimeMs > built) return false;
    }
  }
  return true;
}
