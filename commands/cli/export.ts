// `fedimoot export --format <format> [--out FILE]`: the published log and feeds without the web server, byte for byte
// what the server would send (but for the moment in `generatedAt`; `fires-changes` is the whole collection unpaged). `--format csv --include-obfuscated` is the
// staff side's full Mastodon import file: obfuscated blocks with their real domain, read from the database, which the
// web server never has a route for.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import type { CliCommand } from './cli-command.ts';
import { configOption, openConfiguredStore, readConfig } from './context.ts';
import { EXIT_OK, UsageError } from '../../bot/contracts/exit-codes.ts';
import { entriesOf } from '../../bot/publish/log-writer.ts';
import { publishContext } from '../../bot/publish/context.ts';
import { obfuscatedBlocksInForce, renderAtom, renderCsv, renderJson, renderMarkdown, type PublishContext } from '../../bot/publish/formats.ts';
import { renderHtml } from '../../bot/publish/html.ts';
import { renderGoToSocialCsv, renderMastodonJson, renderPlainList } from '../../bot/publish/feeds.ts';
import { renderFiresChanges, renderFiresDataset, renderFiresSnapshot } from '../../bot/publish/fires.ts';
import { firesInfo } from '../../bot/publish/routes.ts';
import type { HashedEntry } from '../../governance/log-entry.ts';

export const EXPORT_FORMATS = ['md', 'csv', 'json', 'atom', 'html', 'gotosocial-csv', 'mastodon-json', 'plain', 'fires-dataset', 'fires-snapshot', 'fires-changes'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

const RENDERERS: Record<ExportFormat, (entries: readonly HashedEntry[], ctx: PublishContext) => string> = {
  md: renderMarkdown,
  csv: (entries) => renderCsv(entries),
  json: renderJson,
  atom: renderAtom,
  html: renderHtml,
  'gotosocial-csv': renderGoToSocialCsv,
  'mastodon-json': renderMastodonJson,
  plain: renderPlainList,
  'fires-dataset': (entries, ctx) => renderFiresDataset(entries, firesInfo(ctx)),
  'fires-snapshot': (entries, ctx) => renderFiresSnapshot(entries, firesInfo(ctx)),
  'fires-changes': (entries, ctx) => renderFiresChanges(entries, firesInfo(ctx), 'all'),
};

function csvNote(leftOut: number): string {
  const blocks = leftOut === 1 ? '1 block' : `${leftOut} blocks`;
  return `Obfuscated blocks are left out of this file, as they are of the published decisions.csv (${blocks} in force here). Staff: \`fedimoot export --format csv --include-obfuscated\` writes Mastodon's full import file, with their real domains.\n`;
}

export const exportCommand: CliCommand = {
  command: 'export',
  describe: 'write the decision log (Markdown, JSON, Atom, HTML) or a block-list feed (Mastodon CSV, GoToSocial CSV, Mastodon JSON, plain list, FIRES)',
  builder: (y) =>
    y
      .option('config', configOption)
      .option('format', { alias: 'f', choices: EXPORT_FORMATS, demandOption: true, describe: 'output format' })
      .option('out', { alias: 'o', type: 'string', describe: 'file to write (default: standard output)' })
      .option('include-obfuscated', {
        type: 'boolean',
        default: false,
        describe: 'with --format csv: also the blocks decided with --obfuscate, with their real domain (staff only: never publish this file)',
      })
      .example('$0 export -c config.yaml --format csv --out blocks.csv', 'the blocks in force, for Mastodon\'s import')
      .example('$0 export -c config.yaml --format csv --include-obfuscated', 'the full import file, obfuscated blocks too')
      .example('$0 export -c config.yaml --format gotosocial-csv', 'the suspensions, for a GoToSocial domain permission subscription'),
  async run(args) {
    const includeObfuscated = args['include-obfuscated'] === true;
    if (includeObfuscated && args.format !== 'csv') throw new UsageError(`--include-obfuscated: only with --format csv (not ${String(args.format)})`);
    const config = readConfig(String(args.config));
    if (String(args.format).startsWith('fires-') && config.publish.baseUrl === undefined) {
      throw new UsageError(`publish.baseUrl: --format ${String(args.format)} needs the log's public address, since FIRES documents are named by URLs (e.g. baseUrl: https://moot.example.social)`);
    }
    if (config.storage.path !== ':memory:' && !existsSync(config.storage.path)) {
      throw new UsageError(`storage.path: no database at ${config.storage.path}; the log is written by \`fedimoot run\` (or \`fedimoot import\`)`);
    }
    const store = openConfiguredStore(config);
    let text: string;
    let leftOut = 0;
    try {
      const entries = entriesOf(store);
      if (includeObfuscated) text = renderCsv(entries, { realDomainOf: (n) => store.proposals.get(n)?.domain });
      else {
        text = RENDERERS[args.format as ExportFormat](entries, publishContext(config, Date.now()));
        if (args.format === 'csv') leftOut = obfuscatedBlocksInForce(entries);
      }
    } finally {
      store.close();
    }
    // On standard error, so the file on standard output stays exactly what the server serves.
    if (args.format === 'csv' && !includeObfuscated) process.stderr.write(csvNote(leftOut));
    if (args.out === undefined) {
      process.stdout.write(text);
      return EXIT_OK;
    }
    const out = String(args.out);
    // Written next to the target and renamed, so a reader (a web server, a git hook) never sees half a file.
    const partial = `${out}.partial-${process.pid}`;
    try {
      writeFileSync(partial, text);
      renameSync(partial, out);
    } catch (error) {
      throw new UsageError(`--out ${out}: ${(error as Error).message}`);
    }
    return EXIT_OK;
  },
};
