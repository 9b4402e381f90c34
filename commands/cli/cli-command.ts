// What a command-line subcommand declares (main.ts loads them only when yargs parses the command line).
import type { Argv } from 'yargs';

export interface CliCommand {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  /** Returns the process exit code. */
  run: (args: Record<string, unknown>) => Promise<number>;
}
