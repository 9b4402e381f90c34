// Which config `fedimoot run` uses: the one named with -c, else ./config.yaml, else (with --sandbox-if-unconfigured,
// which `npm start` passes) the local sandbox's, started or reused, so `npm install && npm start` shows the bot working.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../bot/project-root.ts';
import type * as World from '../../scripts/sandbox/world.ts';
import type * as Welcome from '../../scripts/sandbox/welcome.ts';
import { UsageError } from '../../bot/contracts/exit-codes.ts';

export const DEFAULT_CONFIG = './config.yaml';

/** 'sandbox' only when asked for and nothing else is there: a real config is never passed over for the sandbox. */
export function chooseRunConfig(explicit: string | undefined, sandboxIfUnconfigured: boolean, defaultExists: boolean): string | 'sandbox' {
  if (explicit !== undefined) return explicit;
  if (defaultExists || !sandboxIfUnconfigured) return DEFAULT_CONFIG;
  return 'sandbox';
}

export async function configForRun(explicit: string | undefined, sandboxIfUnconfigured: boolean): Promise<string> {
  const defaultExists = existsSync(DEFAULT_CONFIG);
  const chosen = chooseRunConfig(explicit, sandboxIfUnconfigured, defaultExists);
  if (chosen === DEFAULT_CONFIG && explicit === undefined && !defaultExists) {
    throw new UsageError(
      `config file ${DEFAULT_CONFIG} not found: copy config.example.yaml to config.yaml and fill it in, or name one with -c ` +
        '(`npm start` in the project without one runs the bot in a local sandbox, to try it)',
    );
  }
  if (chosen !== 'sandbox') return chosen;
  process.stdout.write(
    `No config.yaml here, so I start a local sandbox (a Synapse homeserver${process.env.SANDBOX_NO_GOTOSOCIAL ? '' : ' and a GoToSocial instance'} on 127.0.0.1) and\n` +
      'run the bot in it. To run for real, copy config.example.yaml to config.yaml, fill it in, and run\n' +
      '`npm start -- -c config.yaml`. (The first sandbox installs Synapse into a cache folder: a few minutes.)\n\n',
  );
  // Loaded only here: the sandbox brings the test servers' code, which a real run never needs.
  // From the TypeScript sources even when the bot runs compiled: the sandbox is a tool of the checkout, not of dist/.
  const world = pathToFileURL(join(PROJECT_ROOT, 'scripts/sandbox/world.ts')).href;
  const welcome = pathToFileURL(join(PROJECT_ROOT, 'scripts/sandbox/welcome.ts')).href;
  const { ensureSandbox } = (await import(world)) as typeof World;
  const { sandboxWelcome } = (await import(welcome)) as typeof Welcome;
  const sandbox = await ensureSandbox();
  process.stdout.write(`${sandboxWelcome(sandbox.info, { reused: sandbox.reused, botStarting: true })}\n\n`);
  return sandbox.configPath;
}
