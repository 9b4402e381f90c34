// The README's command lines as a newcomer types them, under the machine's own Node and npm (older than the project
// needs, on these machines): each prints fedimoot's words, with no npm warning wall before them.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(new URL('README.md', `file://${ROOT}`), 'utf8');
/** The system's npx: the one on PATH outside the project's node_modules/.bin (which vitest's npm script puts first). */
const PATH = (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.startsWith(ROOT)).join(delimiter);
const npx = PATH.split(delimiter).map((dir) => `${dir}/npx`).find((file) => existsSync(file));

function runNpx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(npx!, args, { cwd: ROOT, env: { ...process.env, PATH: `${dirname(npx!)}${delimiter}${PATH}` }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.skipIf(npx === undefined)('the README commands under the system npx', () => {
  it('names the commands it shows as npx fedimoot …', () => {
    for (const sub of ['check', 'export', 'import', 'verify-log', 'help']) expect(README).toContain(`npx fedimoot ${sub}`);
  });

  it('names the config of every command that reads one, so each line works as written', () => {
    const lines = README.match(/npx fedimoot (?:check|export|import)\b[^`\n]*/g) ?? [];
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line).toMatch(/ -c \S+/);
  });

  it.each([
    [['fedimoot', 'help'], /^fedimoot <command> \[options\]/],
    [['fedimoot', 'check', '--help'], /^fedimoot check\n/],
    [['fedimoot', 'export', '--help'], /^fedimoot export\n/],
    [['fedimoot', 'import', '--help'], /^fedimoot import\n/],
    [['fedimoot', 'verify-log', '--help'], /^fedimoot verify-log <source>\n/],
    [['--', 'fedimoot', '--help'], /^fedimoot <command> \[options\]/],
  ])('npx %j prints fedimoot\'s own words and no npm warning', async (args, first) => {
    const result = await runNpx(args);
    expect(result.stderr).not.toMatch(/npm warn|EBADENGINE/);
    expect(result.stdout).toMatch(first);
    expect(result.code).toBe(0);
  }, 60_000);
});
