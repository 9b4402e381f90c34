import type { CliCommand } from './cli-command.ts';
import { configOption, loggerFor, openConfiguredStore, readConfig } from './context.ts';
import { EXIT_OK, RuntimeFailure, UsageError } from '../../bot/contracts/exit-codes.ts';
import { createInstanceGateway } from '../../bot/mastodon/index.ts';
import { importBlocks, planImport } from '../../bot/decisions/import.ts';

export const importCommand: CliCommand = {
  command: 'import',
  describe: "record the instance's existing domain blocks as prior decisions, so drift starts at zero",
  builder: (y) =>
    y
      .option('config', configOption)
      .option('dry-run', { type: 'boolean', default: false, describe: 'show what would be recorded, record nothing' }),
  async run(args) {
    const config = readConfig(String(args.config));
    if (!config.mastodon) throw new UsageError('mastodon: the config has no mastodon section, so there is no instance to import from');
    const gateway = createInstanceGateway(config.mastodon, loggerFor(config));
    let blocks;
    try {
      blocks = await gateway.listBlocks();
    } catch (error) {
      throw new RuntimeFailure(`could not read the instance's blocks: ${(error as Error).message}`);
    }
    const store = openConfiguredStore(config);
    try {
      if (args['dry-run']) {
        const { fresh } = planImport(store, blocks);
        process.stdout.write(`would record ${fresh.length} of ${blocks.length} blocks as prior decisions${fresh.length ? ':' : '.'}\n`);
        for (const b of fresh) process.stdout.write(`  ${b.domain} (${b.severity})\n`);
        return EXIT_OK;
      }
      const result = importBlocks(store, blocks, Date.now());
      process.stdout.write(`recorded ${result.imported.length} block${result.imported.length === 1 ? '' : 's'} as prior decisions (not voted)` +
        `; ${result.alreadyDecided.length} already had a decision; ${result.skipped.length} no-op blocks skipped.\n`);
      for (const domain of result.imported) process.stdout.write(`  ${domain}\n`);
      return EXIT_OK;
    } finally {
      store.close();
    }
  },
};
