// `fedimoot check` reads each intake source once, as the bot will, and names what it found or why it could not.
import { describe, expect, it } from 'vitest';
import { checkIntake } from '../../../commands/cli/check-intake.ts';
import { configWith } from '../proposals/proposal-deps.ts';
import { servedList } from './intake-world.ts';

describe('fedimoot check: intake sources', () => {
  it('passes a source that reads and fails one that does not, with the key to fix', async () => {
    const good = await servedList('a.example\nb.example\nnot_a domain\n');
    const bad = await servedList('[]');
    bad.failWith = 500;
    const config = configWith({ intake: { sources: [{ name: 'good', url: good.url, format: 'plain' }, { name: 'bad', url: bad.url, format: 'json' }] } });
    expect(await checkIntake(config)).toEqual([
      { ok: true, what: 'intake source good reads as plain: 2 blocks (1 skipped: not a domain, or blocking nothing)' },
      {
        ok: false,
        what: `intake source bad (${bad.url}) could not be read: it answered HTTP 500 Internal Server Error`,
        fix: 'check intake.sources[1].url and its format (json); the bot reports it to staff once and keeps trying',
      },
    ]);
  });
});
