import type { CliCommand } from './main.ts';
import { configOption } from './context.ts';
import { EXIT_FAILURE } from './exit-codes.ts';

export const EXPORT_FORMATS = ['md', 'csv', 'json', 'atom', 'html'] as const;

export const exportCommand: CliCommand = {
  command: 'export',
  describe: 'write the decision log as Markdown, Mastodon CSV, JSON, Atom or HTML',
  builder: (y) =>
    y
      .option('config', configOption)
      .option('format', { alias: 'f', choices: EXPORT_FORMATS, demandOption: true, describe: 'output format' })
      .option('out', { alias: 'o', type: 'string', describe: 'file to write (default: standard output)' }),
  async run() {
    process.stderr.write('fedimoot export: not available yet — the published decision log arrives in a later release.\n');
    return EXIT_FAILURE;
  },
};
