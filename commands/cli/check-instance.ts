// `fedimoot check`, the instance part: token accepted, rights to read blocks, impact figures available.
import type { Config } from '../../bot/config/types.ts';
import type { Logger } from '../../bot/logger.ts';
import { createInstanceGateway } from '../../bot/mastodon/index.ts';
import { InstanceError } from '../../bot/mastodon/gateway.ts';
import type { CheckLine } from './check-line.ts';

export async function checkInstance(config: Config, logger: Logger): Promise<CheckLine[]> {
  const mastodon = config.mastodon;
  if (!mastodon) return [{ ok: true, what: 'Mastodon: not configured (votes are recorded, nothing is applied)' }];
  // A check should answer quickly: one attempt per request, no long waits.
  const gateway = createInstanceGateway(mastodon, logger, { maxAttempts: 1 });
  const lines: CheckLine[] = [];
  try {
    lines.push({ ok: true, what: `Mastodon: ${mastodon.url} reachable (${await gateway.flavor()})` });
  } catch (error) {
    return [{ ok: false, what: `Mastodon: ${mastodon.url} reachable`, fix: `check mastodon.url (${(error as Error).message})` }];
  }
  try {
    const blocks = await gateway.listBlocks();
    lines.push({ ok: true, what: `Mastodon: token may read domain blocks (${blocks.length} on the server)` });
  } catch (error) {
    const status = error instanceof InstanceError ? error.status : undefined;
    const fix = status === 401 || status === 403
      ? 'the token needs the admin:read:domain_blocks and admin:write:domain_blocks scopes and an account allowed to manage federation'
      : (error as Error).message;
    lines.push({ ok: false, what: 'Mastodon: token may read domain blocks', fix });
  }
  try {
    const impact = await gateway.impact('example.invalid');
    lines.push(impact
      ? { ok: true, what: 'Mastodon: impact figures (admin measures) available' }
      : { ok: true, what: 'Mastodon: impact figures are not available on this server (polls go without them)' });
  } catch (error) {
    lines.push({ ok: false, what: 'Mastodon: impact figures', fix: (error as Error).message });
  }
  return lines;
}
