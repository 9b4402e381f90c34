// node scripts/fediblockhole.ts install: the pinned FediBlockHole the feed tests run, into the test servers' cache.
import { ensureFediBlockHole } from '../test/servers/fediblockhole.ts';

const command = process.argv[2];
if (command !== 'install') {
  console.log('usage: node scripts/fediblockhole.ts install   (FEDIMOOT_CACHE, default ~/.cache/fedimoot)');
  process.exit(command === undefined || command === '--help' || command === '-h' ? 0 : 2);
}
ensureFediBlockHole().then(
  (install) => console.log(`FediBlockHole ${install.version} ready: ${install.sync}`),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
