import { packageVersion } from '../../bot/project-root.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, RuntimeFailure, UsageError } from '../../bot/contracts/exit-codes.ts';
import type { CliCommand } from './cli-command.ts';

/**
 * Loaded only when the command line is parsed by yargs: a running bot (see plainRunArgs) keeps none of the other
 * commands' code, nor yargs, in memory.
 */
async function allCommands(): Promise<readonly CliCommand[]> {
  const [run, check, exported, imported, verifyLog] = await Promise.all([
    import('./run.ts'), import('./check.ts'), import('./export.ts'), import('./import.ts'), import('./verify-log.ts'),
  ]);
  return [run.runCommand, check.checkCommand, exported.exportCommand, imported.importCommand, verifyLog.verifyLogCommand];
}

/**
 * `run` as `npm start`, the service unit and the tests write it (`run [-c <file>] [--sandbox-if-unconfigured]`),
 * read without yargs, whose parser and terminal-width tables an idle bot would otherwise carry for months. Anything
 * else, help and mistakes included, goes through yargs as every other command does.
 */
export function plainRunArgs(argv: readonly string[]): Record<string, unknown> | undefined {
  if (argv[0] !== 'run') return undefined;
  const args: Record<string, unknown> = { 'sandbox-if-unconfigured': false };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    if (arg === '--sandbox-if-unconfigured') args['sandbox-if-unconfigured'] = true;
    else if ((arg === '-c' || arg === '--config') && args.config === undefined && value !== undefined && !value.startsWith('-')) args.config = argv[++i];
    else return undefined;
  }
  return args;
}

export async function main(argv: readonly string[]): Promise<number> {
  const plainRun = plainRunArgs(argv);
  if (plainRun) {
    try {
      const { runCommand } = await import('./run.ts');
      return await runCommand.run(plainRun);
    } catch (error) {
      return reportFailure(error);
    }
  }
  const [{ default: yargs }, commands] = await Promise.all([import('yargs'), allCommands()]);
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
  for (const cmd of commands) {
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
