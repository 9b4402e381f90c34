import yargs, { type Argv } from 'yargs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../bot/project-root.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, RuntimeFailure, UsageError } from './exit-codes.ts';
import { runCommand } from './run.ts';
import { checkCommand } from './check.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { verifyLogCommand } from './verify-log.ts';

export interface CliCommand {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  /** Returns the process exit code. */
  run: (args: Record<string, unknown>) => Promise<number>;
}

const COMMANDS: readonly CliCommand[] = [runCommand, checkCommand, exportCommand, importCommand, verifyLogCommand];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  let usageFailure: string | undefined;
  let parser = yargs([...argv])
    .scriptName('fedimoot')
    .usage('$0 <command> [options]\n\nA Matrix bot with which an instance\'s community decides whom it federates with.')
    .version(packageVersion())
    .help()
    .alias('h', 'help')
    .strict()
    .demandCommand(1, 'name a command: run, check, export, import or verify-log')
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      usageFailure = message;
    });
  for (const cmd of COMMANDS) {
    parser = parser.command(cmd.command, cmd.describe, cmd.builder, async (args) => {
      // yargs still calls the handler after .fail() reported bad usage; run nothing then.
      if (usageFailure !== undefined) return;
      exitCode = await cmd.run(args as Record<string, unknown>);
    });
  }
  try {
    await parser.parseAsync();
  } catch (error) {
    return reportFailure(error);
  }
  if (usageFailure !== undefined) {
    process.stderr.write(`fedimoot: ${usageFailure}\nRun \`fedimoot --help\` for usage.\n`);
    return EXIT_USAGE;
  }
  return exitCode;
}

function reportFailure(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`fedimoot: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof RuntimeFailure) {
    process.stderr.write(`fedimoot: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`fedimoot: unexpected failure: ${message}\n`);
  if (process.env.FEDIMOOT_DEBUG) console.error(error);
  return EXIT_FAILURE;
}
