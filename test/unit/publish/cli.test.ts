// `fedimoot export` and `fedimoot verify-log` as an operator runs them: the real binary on a real database file.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createLogger } from '../../../bot/logger.ts';
import { entriesOf, logSource } from '../../../bot/publish/log-writer.ts';
import { renderCsv, renderMarkdown } from '../../../bot/publish/formats.ts';
import { startLogServer } from '../../../bot/publish/server.ts';
import { openStore } from '../../../storage/store.ts';
import type { HashedEntry } from '../../../governance/log-entry.ts';
import { tempDir } from '../storage/storage-fixtures.ts';
import { CTX, sampleStore } from './publish-fixtures.ts';
import { readMastodonImport } from './readers.ts';
import { main } from '../../../commands/cli/main.ts';

const BIN = new URL('../../../bin/fedimoot.js', import.meta.url).pathname;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real binary, as an operator runs it. */
function binary(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The same CLI in this process (a second per run saved: the binary loads the Matrix SDK at start). */
async function fedimoot(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}

/** A config and a database holding the sample decisions, as `fedimoot run` would have left them. */
function operatorSetup(): { dir: string; config: string } {
  const dir = tempDir();
  const store = openStore(join(dir, 'fedimoot.db'));
  sampleStore(store);
  store.close();
  const config = join(dir, 'config.yaml');
  writeFileSync(config, stringify({
    matrix: { homeserverUrl: 'https://matrix.example.social', accessToken: 'syt_not_used_here', staffRooms: ['!staff:example.social'] },
    storage: { path: join(dir, 'fedimoot.db') },
    publish: { baseUrl: CTX.baseUrl },
  }));
  return { dir, config };
}

describe('fedimoot export', () => {
  it('writes each format to standard output, as the server would serve it', async () => {
    const { dir, config } = operatorSetup();
    const store = openStore(join(dir, 'fedimoot.db'));
    const entries = entriesOf(store);
    store.close();
    const csv = await binary('export', '-c', config, '--format', 'csv');
    expect(csv).toMatchObject({ code: 0, stdout: renderCsv(entries) });
    const md = await fedimoot('export', '-c', config, '--format', 'md');
    expect(md.stdout).toBe(renderMarkdown(entries, { ...CTX, title: 'Federation decisions' }));
    for (const [format, start] of [['html', '<!doctype html>'], ['atom', '<?xml'], ['json', '{\n  "format": "fedimoot-decision-log"']]) {
      const run = await fedimoot('export', '-c', config, '--format', format!);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.startsWith(start!)).toBe(true);
    }
  });

  it('writes each feed for other servers as the server serves it', async () => {
    const { dir, config } = operatorSetup();
    const store = openStore(join(dir, 'fedimoot.db'));
    const entries = entriesOf(store);
    store.close();
    const logger = createLogger({ level: 'fatal', destination: new PassThrough() });
    const server = await startLogServer({ host: '127.0.0.1', port: 0, source: { head: () => entries.at(-1)?.hash, entries: () => entries }, context: () => CTX, logger });
    try {
      for (const [format, path] of [['gotosocial-csv', '/gotosocial.csv'], ['mastodon-json', '/domain_blocks.json'], ['plain', '/suspended.txt'], ['fires-dataset', '/fires'], ['fires-snapshot', '/fires/snapshot']]) {
        const run = await fedimoot('export', '-c', config, '--format', format!);
        expect(run.code, run.stderr).toBe(0);
        const served = await (await fetch(`${server.url}${path!}`)).text();
        // The config's title is not CTX's: compare what does not depend on it.
        expect(run.stdout.replace(/"(name|summary)": "[^"]*"/g, ''), format).toBe(served.replace(/"(name|summary)": "[^"]*"/g, ''));
      }
    } finally {
      await server.close();
    }
    const changes = JSON.parse((await fedimoot('export', '-c', config, '--format', 'fires-changes')).stdout) as { type: string; orderedItems: unknown[] };
    expect(changes).toMatchObject({ type: 'OrderedCollection', totalItems: 4 });
    expect(changes.orderedItems).toHaveLength(4);
  });

  it('exits 2 naming publish.baseUrl for a FIRES export without one', async () => {
    const { config } = operatorSetup();
    writeFileSync(config, readFileSync(config, 'utf8').replace(/publish:\n.*\n/, ''));
    const run = await fedimoot('export', '-c', config, '--format', 'fires-snapshot');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('publish.baseUrl: --format fires-snapshot needs the log\'s public address');
  });

  it('says on standard error that the CSV leaves obfuscated blocks out, and how staff get them', async () => {
    const { config } = operatorSetup();
    const run = await fedimoot('export', '-c', config, '--format', 'csv');
    expect(run.stdout).not.toContain('hidd');
    expect(run.stderr).toBe('Obfuscated blocks are left out of this file, as they are of the published decisions.csv (1 block in force here). '
      + "Staff: `fedimoot export --format csv --include-obfuscated` writes Mastodon's full import file, with their real domains.\n");
  });

  it('with --include-obfuscated, writes Mastodon\'s full import file: the real domain, #obfuscate true', async () => {
    const { config } = operatorSetup();
    const publicRows = readMastodonImport((await fedimoot('export', '-c', config, '--format', 'csv')).stdout);
    const run = await binary('export', '-c', config, '--format', 'csv', '--include-obfuscated');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const rows = readMastodonImport(run.stdout);
    expect(rows.filter((r) => !r.obfuscate)).toEqual(publicRows);
    // The reason stays as published: the domain inside it hidden, as Mastodon shows the public comment to anyone.
    expect(rows.filter((r) => r.obfuscate)).toEqual([
      { domain: 'hidden.example', severity: 'suspend', reject_media: false, reject_reports: false, public_comment: 'see hidd**.****ple reports', obfuscate: true },
    ]);
  });

  it('exits 2 on --include-obfuscated with a format other than csv', async () => {
    const { config } = operatorSetup();
    const run = await fedimoot('export', '-c', config, '--format', 'html', '--include-obfuscated');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--include-obfuscated: only with --format csv (not html)');
  });

  it('titles the page as the config says: publish.title', async () => {
    const { config } = operatorSetup();
    writeFileSync(config, readFileSync(config, 'utf8').replace('publish:\n', 'publish:\n  title: Decisions of the Example Social community\n'));
    expect((await fedimoot('export', '-c', config, '--format', 'html')).stdout).toContain('<title>Decisions of the Example Social community</title>');
  });

  it('writes to --out', async () => {
    const { dir, config } = operatorSetup();
    const out = join(dir, 'blocks.csv');
    expect(await fedimoot('export', '-c', config, '-f', 'csv', '-o', out)).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(out, 'utf8')).toMatch(/^#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\nsilenced\.example,silence/);
  });

  it.each([
    ['an unknown format', ['--format', 'xml'], /Invalid values|Choices/],
    ['no format', [], /format/],
    ['an --out in a missing folder', ['--format', 'csv', '--out', '/nonexistent/dir/x.csv'], /--out \/nonexistent\/dir\/x\.csv/],
  ])('exits 2 on %s', async (_name, args, message) => {
    const { config } = operatorSetup();
    const run = await fedimoot('export', '-c', config, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('exits 2 naming storage.path when there is no database', async () => {
    const { dir, config } = operatorSetup();
    writeFileSync(config, readFileSync(config, 'utf8').replace(join(dir, 'fedimoot.db'), join(dir, 'missing.db')));
    const run = await fedimoot('export', '-c', config, '--format', 'json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`storage.path: no database at ${join(dir, 'missing.db')}`);
  });
});

describe('fedimoot verify-log', () => {
  async function exported(): Promise<{ dir: string; file: string; document: { entries: HashedEntry[]; head: string } }> {
    const { dir, config } = operatorSetup();
    const file = join(dir, 'decisions.json');
    expect((await fedimoot('export', '-c', config, '--format', 'json', '--out', file)).code).toBe(0);
    return { dir, file, document: JSON.parse(readFileSync(file, 'utf8')) as { entries: HashedEntry[]; head: string } };
  }

  it('finds an exported log intact (exit 0)', async () => {
    const { file, document } = await exported();
    expect(await binary('verify-log', file)).toEqual({ code: 0, stdout: `intact: 12 entries; head ${document.head}\n`, stderr: '' });
  });

  type Tamper = (entries: HashedEntry[]) => HashedEntry[];
  it.each<[string, Tamper, string]>([
    ['a changed reason', (e) => e.map((x, i) => (i === 0 ? { ...x, reason: 'something else' } : x)), 'BROKEN: modified at entry 1 (seq 1): entry 1 (seq 1) was changed after it was hashed'],
    ['a removed entry', (e) => e.filter((_, i) => i !== 3), 'BROKEN: removed at entry 4 (seq 5): the entry that entry 4 (seq 5) follows is missing (seq 4): it was removed'],
    ['two swapped entries', (e) => [e[0]!, e[2]!, e[1]!, ...e.slice(3)], 'BROKEN: reordered at entry 2 (seq 3)'],
    ['an inserted copy', (e) => [...e.slice(0, 2), e[0]!, ...e.slice(2)], 'BROKEN: inserted at entry 3 (seq 1): entry 3 (seq 1) is a second copy of entry 1 (seq 1)'],
    ['entries cut from the end', (e) => e.slice(0, 10), 'BROKEN: removed at entry 11: the document names head'],
  ])('names %s (exit 1)', async (_name, tamper, message) => {
    const { dir, document } = await exported();
    const file = join(dir, 'tampered.json');
    writeFileSync(file, JSON.stringify({ ...document, entries: tamper(document.entries) }));
    const run = await fedimoot('verify-log', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(message);
  });

  it('exits 1 from the binary too', async () => {
    const { dir, document } = await exported();
    const file = join(dir, 'tampered.json');
    writeFileSync(file, JSON.stringify({ ...document, entries: document.entries.slice(1) }));
    expect(await binary('verify-log', file)).toMatchObject({ code: 1, stdout: expect.stringMatching(/^BROKEN: removed at entry 1 \(seq 2\)/) });
  });

  it('with --head, notices a log cut short and rehead-ed', async () => {
    const { dir, document } = await exported();
    const file = join(dir, 'cut.json');
    const cut = document.entries.slice(0, 10);
    writeFileSync(file, JSON.stringify({ ...document, entries: cut, head: cut.at(-1)!.hash }));
    expect((await fedimoot('verify-log', file)).code).toBe(0);
    const run = await fedimoot('verify-log', file, '--head', document.head);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/BROKEN: removed at entry 11: the head you knew, [0-9a-f]{64}, is not in the log/);
    expect((await fedimoot('verify-log', file, '--head', cut[4]!.hash)).stdout).toMatch(/the head you gave is in it/);
  });

  it('reads the log over HTTP', async () => {
    const store = sampleStore();
    const logger = createLogger({ level: 'fatal', destination: new PassThrough() });
    const server = await startLogServer({ host: '127.0.0.1', port: 0, source: logSource(store), context: () => CTX, logger });
    try {
      expect(await fedimoot('verify-log', `${server.url}/decisions.json`)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^intact: 12 entries/) });
      expect(await fedimoot('verify-log', `${server.url}/nothing.json`)).toMatchObject({ code: 2, stderr: expect.stringContaining('answered HTTP 404') });
    } finally {
      await server.close();
    }
  });

  it.each<[string, (dir: string) => string[], RegExp]>([
    ['a missing file', (dir) => [join(dir, 'none.json')], /could not read .*none\.json: no such file/],
    ['a file that is not JSON', (dir) => [writeTo(dir, 'x.json', 'not json')], /is not JSON/],
    ['JSON that is not a decision log', (dir) => [writeTo(dir, 'x.json', '{"entries":[]}')], /is not a fedimoot decision log/],
    ['a newer format version', (dir) => [writeTo(dir, 'x.json', '{"format":"fedimoot-decision-log","version":2,"entries":[]}')], /version 2; this fedimoot reads version 1/],
    ['a bad --head', (dir) => [writeTo(dir, 'x.json', '{"format":"fedimoot-decision-log","version":1,"entries":[]}'), '--head', 'abc'], /--head must be a SHA-256 hash/],
    ['no source', () => [], /Missing required argument: source|Not enough non-option arguments/],
    ['an unreachable address', () => ['http://127.0.0.1:9/decisions.json'], /could not fetch/],
  ])('exits 2 on %s', async (_name, args, message) => {
    const run = await fedimoot('verify-log', ...args(tempDir()));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

function writeTo(dir: string, name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}
