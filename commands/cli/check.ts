import type { CliCommand } from './cli-command.ts';
import { configOption, loggerFor, readConfig } from './context.ts';
import { checkInstance } from './check-instance.ts';
import { checkMatrix } from './check-matrix.ts';
import { checkIntake } from './check-intake.ts';
import { checkPeers } from './check-peers.ts';
import { EXIT_FAILURE, EXIT_OK } from '../../bot/contracts/exit-codes.ts';
import type { CheckLine } from './check-line.ts';

export type { CheckLine } from './check-line.ts';

export function printCheck(lines: readonly CheckLine[], out: NodeJS.WritableStream = process.stdout): boolean {
  for (const line of lines) out.write(`${line.ok ? 'pass' : 'FAIL'}  ${line.what}${line.fix ? ` — ${line.fix}` : ''}\n`);
  return lines.every((l) => l.ok);
}

export const checkCommand: CliCommand = {
  command: 'check',
  describe: 'check the config, the Matrix login and room access, the Mastodon token and rights, the watched peers, and that each intake source reads',
  builder: (y) => y.option('config', configOption),
  async run(args) {
    const config = readConfig(String(args.config));
    const lines: CheckLine[] = [{ ok: true, what: `config ${String(args.config)} is valid` }];
    lines.push(...(await checkMatrix(config)));
    lines.push(...(await checkInstance(config, loggerFor(config))));
    lines.push(...(await checkIntake(config)));
    lines.push(...(await checkPeers(config)));
    return printCheck(lines) ? EXIT_OK : EXIT_FAILURE;
  },
};
