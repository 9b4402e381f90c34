import { writeFileSync } from 'node:fs';
import type { CliCommand } from './main.ts';
import { configOption, openConfiguredStore, readConfig } from './context.ts';
import { EXIT_OK, UsageError } from './exit-codes.ts';
import { entriesOf } from '../../bot/publish/log-writer.ts';
import { publishContext } from '../../bot/publish/context.ts';
import { renderAtom, renderCsv, renderJson, renderMarkdown } from '../../bot/publish/formats.ts';
import { renderHtml } from '../../bot/publish/html.ts';

export const EXPORT_FORMATS = ['md', 'csv', 'json', 'atom', 'html'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

const RENDERERS = {
  md: renderMarkdown,
  csv: (entries) => renderCsv(entries),
  json: renderJson,
  atom: renderAtom,
  html: renderHtml,
} satisfies Record<ExportFormat, typeof renderJson>;

export const exportCommand: CliCommand = {
  command: 'export',
  describe: 'write the decision log as Markdown, Mastodon CSV, JSON, Atom or HTML',
  builder: (y) =>
    y
      .option('config', configOption)
      .option('format', { alias: 'f', choices: EXPORT_FORMATS, demandOption: true, describe: 'output format' })
      .option('out', { alias: 'o', type: 'string', describe: 'file to write (default: standard output)' }),
  async run(args) {
    const config = readConfig(String(args.config));
    const store = openConfiguredStore(config);
    let text: string;
    try {
      text = RENDERERS[args.format as ExportFormat](entriesOf(store), publishContext(config, Date.now()));
    } finally {
      store.close();
    }
    if (args.out) {
      try {
        writeFileSync(String(args.out), text);
      } catch (error) {
        throw new UsageError(`--out ${String(args.out)}: ${(error as Error).message}`);
      }
    } else {
      process.stdout.write(text);
    }
    return EXIT_OK;
  },
};
