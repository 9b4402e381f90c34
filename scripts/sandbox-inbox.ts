// npm run sandbox:inbox [account] — the direct messages (mentions) the sandbox's GoToSocial accounts received, newest
// first: where `!moot link` codes arrive. GoToSocial has no web client of its own, so this reads them through its API.
import { readSandboxInfo } from './sandbox/paths.ts';

interface Mention {
  created_at: string;
  status?: { content: string; visibility: string; account: { acct: string } };
}

/** GoToSocial's status HTML as plain text (enough for a code and a sentence). */
function plain(html: string): string {
  return html.replace(/<br\s*\/?>|<\/p>/g, '\n').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").trim();
}

async function main(only: string | undefined): Promise<number> {
  const info = await readSandboxInfo();
  if (!info?.mastodon) {
    console.log('No sandbox GoToSocial is running: `npm run sandbox:up` (or `npm start` without a config.yaml) first.');
    return 1;
  }
  const accounts = info.mastodon.accounts.filter((a) => !only || a.username === only.replace(/^@/, ''));
  if (accounts.length === 0) {
    console.log(`No sandbox account ${only}; there are ${info.mastodon.accounts.map((a) => a.username).join(', ')}.`);
    return 2;
  }
  for (const account of accounts) {
    const res = await fetch(`${info.mastodon.url}/api/v1/notifications?types[]=mention&limit=10`, {
      headers: { authorization: `Bearer ${account.token}` },
    });
    if (!res.ok) throw new Error(`reading ${account.username}'s messages: ${res.status} ${await res.text()}`);
    const mentions = ((await res.json()) as Mention[]).filter((m) => m.status);
    console.log(`${account.username} (${mentions.length ? `${mentions.length} latest` : 'no messages'}):`);
    for (const m of mentions) {
      console.log(`  ${m.created_at}  from @${m.status!.account.acct} (${m.status!.visibility}): ${plain(m.status!.content)}`);
    }
  }
  return 0;
}

main(process.argv[2]).then((code) => process.exit(code), (error: unknown) => {
  console.error(`sandbox:inbox failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
