import type { CliCommand } from './main.ts';
import { configOption, loggerFor, openConfiguredStore, readConfig } from './context.ts';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.ts';
import { startBot } from '../../bot/app.ts';

export const runCommand: CliCommand = {
  command: 'run',
  describe: 'run the bot: listen for commands, open and close polls, apply decisions',
  builder: (y) => y.option('config', configOption),
  async run(args) {
    const config = readConfig(String(args.config));
    const logger = loggerFor(config);
    const store = openConfiguredStore(config);
    const bot = await startBot({ config, store, logger });
    const stopped = new Promise<number>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'stopping');
        bot.stop().then(
          () => resolve(EXIT_OK),
          (error: unknown) => {
            logger.error({ err: error }, 'failed to stop cleanly');
            resolve(EXIT_FAILURE);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
    const code = await Promise.race([stopped, bot.crashed]);
    store.close();
    return code;
  },
};
