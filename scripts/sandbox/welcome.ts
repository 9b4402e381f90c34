// What a person needs to try the sandbox, printed by sandbox:up and by `npm start` without a config.yaml.
import { isAbsolute, relative } from 'node:path';
import { sandboxConfigPath, sandboxDir, type SandboxInfo } from './paths.ts';

/** A path as short as it can be from here, so it can be pasted into the next command. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function sandboxWelcome(info: SandboxInfo, options: { reused: boolean; botStarting: boolean }): string {
  const server = info.matrix.serverName;
  const width = Math.max(...[info.human, ...info.members].map((p) => p.user.length));
  const login = (p: { user: string; password: string }, where: string) => `${p.user.padEnd(width)}  password ${p.password}   ${where}`;
  const lines = [
    options.reused
      ? `A sandbox is already running; I reuse it (state in ${shown(sandboxDir())}/; \`npm run sandbox:down\` first for a fresh one).`
      : `The sandbox is up (state in ${shown(sandboxDir())}/).`,
    `  Homeserver:  ${info.matrix.homeserverUrl}   (server name ${server}; log in with any Matrix client, e.g. Element, pointed at it)`,
    `  Logins:      ${login(info.human, `staff: #staff:${server} and a member of #town-hall:${server}`)}`,
    ...info.members.map((m) => `               ${login(m, `member of #town-hall:${server}`)}`),
    `  Page:        ${info.pageUrl}   (the published decision log; also decisions.json, .csv, .atom)`,
  ];
  if (info.mastodon) {
    const first = info.mastodon.accounts.find((a) => a.username !== info.human.user) ?? info.mastodon.accounts[0];
    lines.push(
      `  GoToSocial:  blocks voted here are really applied to this GoToSocial at ${info.mastodon.url}`,
      '               (right after an approved vote; a vote lasts 10 minutes, `!moot propose … --duration 1m` for a quick one)',
      `  Link codes:  \`!moot link @${first?.username ?? 'bob'}\` sends a code as a direct message to that GoToSocial account`,
      `               (accounts ${info.mastodon.accounts.map((a) => a.username).join(', ')}); read them with: npm run sandbox:inbox`,
    );
  } else {
    lines.push('  GoToSocial:  none (SANDBOX_NO_GOTOSOCIAL): the bot runs votes and keeps the log, but applies nothing');
  }
  lines.push('');
  if (options.botStarting) {
    lines.push(
      'The bot is starting in it now; write "!moot help" in the town hall.',
      'Ctrl-C stops the bot; the sandbox keeps running for the next `npm start`, and `npm run sandbox:down` stops it.',
    );
  } else {
    lines.push(
      `Run the bot:  npm start   (with no config.yaml here; or: npm start -- -c ${shown(sandboxConfigPath())})`,
      'Then write "!moot help" in the town hall. Stop everything with: npm run sandbox:down',
    );
  }
  return lines.join('\n');
}
