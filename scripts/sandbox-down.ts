// npm run sandbox:down — stops the servers that sandbox:up started. The data stays in .sandbox/ until the next up.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopSynapseProcess } from '../test/servers/synapse.ts';
import { stopGoToSocialProcess } from '../test/servers/gotosocial.ts';
import type { SandboxInfo } from './sandbox-up.ts';

const infoPath = join(fileURLToPath(new URL('..', import.meta.url)), '.sandbox', 'sandbox.json');

async function main(): Promise<number> {
  if (!existsSync(infoPath)) {
    console.log('No sandbox is running (no .sandbox/sandbox.json).');
    return 0;
  }
  const info = JSON.parse(await readFile(infoPath, 'utf8')) as SandboxInfo;
  const synapse = await stopSynapseProcess(info.matrix.pid);
  console.log(synapse ? `Stopped Synapse (pid ${info.matrix.pid}).` : 'Synapse was not running.');
  if (info.mastodon) {
    const gts = await stopGoToSocialProcess(info.mastodon.pid);
    console.log(gts ? `Stopped GoToSocial (pid ${info.mastodon.pid}).` : 'GoToSocial was not running.');
  }
  return 0;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`sandbox:down failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
