// npm run sandbox:down — stops the servers that sandbox:up started. The data stays in .sandbox/ until the next up.
import { stopSynapseProcess } from '../test/servers/synapse.ts';
import { stopGoToSocialProcess } from '../test/servers/gotosocial.ts';
import { readSandboxInfo, sandboxInfoPath } from './sandbox/paths.ts';

async function main(): Promise<number> {
  const info = await readSandboxInfo();
  if (!info) {
    console.log(`No sandbox is running (no ${sandboxInfoPath()}).`);
    return 0;
  }
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
