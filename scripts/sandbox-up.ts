// npm run sandbox:up — a throwaway local world for trying fedimoot (see scripts/sandbox/world.ts), or the running one.
import { ensureSandbox } from './sandbox/world.ts';
import { sandboxWelcome } from './sandbox/welcome.ts';

ensureSandbox().then(
  ({ info, reused }) => {
    console.log(`\n${sandboxWelcome(info, { reused, botStarting: false })}`);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(`sandbox:up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
