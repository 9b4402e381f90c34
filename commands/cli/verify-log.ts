import type { CliCommand } from './main.ts';
import { EXIT_FAILURE } from './exit-codes.ts';

export const verifyLogCommand: CliCommand = {
  command: 'verify-log <source>',
  describe: 'check the hash chain of a published decision log (a file or an http(s) URL)',
  builder: (y) =>
    y.positional('source', { type: 'string', describe: 'decisions.json file or URL', demandOption: true }),
  async run() {
    process.stderr.write('fedimoot verify-log: not available yet — the published decision log arrives in a later release.\n');
    return EXIT_FAILURE;
  },
};
