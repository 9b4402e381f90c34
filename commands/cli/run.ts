import type { CliCommand } from './cli-command.ts';
import { configOption, loggerFor, openConfiguredStore, readConfig } from './context.ts';
import { EXIT_FAILURE, EXIT_OK } from '../../bot/contracts/exit-codes.ts';
import { configForRun } from './run-config.ts';
import { watchForStop } from './stop-signals.ts';
import { startBot } from '../../bot/app.ts';

/** A stop that hangs (a homeserver that never answers) must not keep a stopped service alive. */
const STOP_TIMEOUT_MS = 15_000;

export const runCommand: CliCommand = {
  command: 'run',
  describe: 'run the bot: listen for commands, open and close polls, apply decisions',
  builder: (y) =>
    y
      .option('config', { ...configOption, default: undefined, describe: 'path to the YAML configuration (default ./config.yaml)' })
      .option('sandbox-if-unconfigured', {
        type: 'boolean',
        default: false,
        describe: 'with no -c and no ./config.yaml, start (or reuse) the local sandbox and run in it; what `npm start` does',
      }),
  async run(args) {
    const configPath = await configForRun(args.config as string | undefined, Boolean(args['sandbox-if-unconfigured']));
    const config = readConfig(configPath);
    const logger = loggerFor(config);
    const store = openConfiguredStore(config);
    const stop = watchForStop();
    try {
      const bot = await startBot({ config, store, logger });
      const stopped = stop.requested.then(async (reason) => {
        logger.info({ reason }, 'stopping');
        const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout').unref());
        try {
          if ((await Promise.race([bot.stop(), timeout])) === 'timeout') {
            logger.error(`did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting anyway`);
            return EXIT_FAILURE;
          }
          return EXIT_OK;
        } catch (error) {
          logger.error({ err: error }, 'failed to stop cleanly');
          return EXIT_FAILURE;
        }
      });
      return await Promise.race([stopped, bot.crashed]);
    } finally {
      stop.dispose();
      store.close();
    }
  },
};
