import type { CliCommand } from './main.ts';
import { configOption } from './context.ts';
import { EXIT_FAILURE } from './exit-codes.ts';

export const importCommand: CliCommand = {
  command: 'import',
  describe: "record the instance's existing domain blocks as prior decisions, so drift starts at zero",
  builder: (y) =>
    y
      .option('config', configOption)
      .option('dry-run', { type: 'boolean', default: false, describe: 'show what would be recorded, record nothing' }),
  async run() {
    process.stderr.write('fedimoot import: not available yet — applying decisions on the instance arrives in a later release.\n');
    return EXIT_FAILURE;
  },
};
