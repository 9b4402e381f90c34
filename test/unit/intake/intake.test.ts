// The signal intake against sources served on 127.0.0.1: a second fedimoot's decision log (the project's own log
// writer and server), the same fedimoot's FIRES dataset, a Mastodon CSV, and a tampered copy of the log. What staff
// read is asserted word for word; nothing is ever proposed or applied by the intake itself.
import { describe, expect, it } from 'vitest';
import { decide } from '../publish/publish-fixtures.ts';
import { fakeClock } from '../storage/storage-fixtures.ts';
import { intakeBot, peerMoot, servedList } from './intake-world.ts';
import { renderJson } from '../../../bot/publish/formats.ts';
import { entriesOf } from '../../../bot/publish/log-writer.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { sourcesCommand } from '../../../commands/chat/sources.ts';
import { packageVersion } from '../../../bot/project-root.ts';
import type { CommandContext } from '../../../bot/contracts/spec.ts';

const HOUR = 3_600_000;
const CSV_HEADER = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n';

/** The peer's log with the reason of entry 2 rewritten after it was hashed. */
function tampered(log: string): string {
  const document = JSON.parse(log) as { entries: { reason?: string | null }[] };
  document.entries[1]!.reason = 'rewritten later';
  return JSON.stringify(document);
}

describe('signal intake', () => {
  it('drafts once across polls and a restart, refuses a tampered log naming the entry, and reports lifts and recoveries', async () => {
    const peer = await peerMoot();
    decide(peer.store, { domain: 'x.example', publicReason: 'spam' });
    decide(peer.store, { domain: 'y.example', action: 'limit' });
    decide(peer.store, { domain: 'own.example' });
    const log = renderJson(entriesOf(peer.store), { title: 't', publisher: 'peer.example', now: 0 });
    const forged = await servedList(tampered(log), 'application/json');
    const csv = await servedList(`${CSV_HEADER}x.example,suspend,false,false,"Spam, and more",false\nz.example,silence,false,false,,false\nown.example,suspend,false,false,,false\nexa***.com,suspend,false,false,,true\n`, 'text/csv');
    const tree = {
      intake: {
        threshold: 2,
        sources: [
          { name: 'peer', url: `${peer.url}/decisions.json`, format: 'fedimoot-log' },
          { name: 'peer-fires', url: `${peer.url}/fires`, format: 'fires' },
          { name: 'list', url: csv.url, format: 'csv' },
          { name: 'forged', url: forged.url, format: 'fedimoot-log' },
        ],
      },
    };
    const clock = fakeClock();
    let bot = intakeBot(tree, clock);
    // The community itself blocks own.example.
    decide(bot.store, { domain: 'own.example' });
    const p = peer.url;

    expect(await bot.poll()).toEqual([
      `Source forged (${forged.url}) is refused: it has a broken hash chain, modified at entry 2 (seq 2): entry 2 (seq 2) was changed after it was hashed. ` +
        'It has not been read yet, so it counts for nothing; you are told again when it reads again, not at every poll.',
      `3 of your 4 sources block x.example: list: suspend, “Spam, and more”; peer: suspend, “spam”, ${p}/#decision-1; peer-fires: suspend, “spam”, ${p}/#decision-1.\n\n` +
        'Nothing is applied unless the community votes. To propose it: `!moot propose x.example suspend --reason "…"`',
      `2 of your 4 sources block y.example: peer: limit, ${p}/#decision-2; peer-fires: limit, ${p}/#decision-2.\n\n` +
        'Nothing is applied unless the community votes. To propose it: `!moot propose y.example limit --reason "…"`',
    ]);
    expect(bot.store.proposals.listActive()).toEqual([]);

    // An hour later nothing changed: the CSV answers 304 to its ETag, nothing is said again.
    clock.advance(HOUR);
    expect(await bot.poll()).toEqual([]);
    expect(csv.notModified).toBe(1);

    // A restart polls at once and still says nothing new.
    bot = bot.restart();
    expect(await bot.poll()).toEqual([]);

    // The list lifts own.example, the forged copy is replaced by the real log, and the peer suspends w.example.
    csv.body = `${CSV_HEADER}x.example,suspend,false,false,"Spam, and more",false\nz.example,silence,false,false,,false\nexa***.com,suspend,false,false,,true\n`;
    forged.body = log;
    decide(peer.store, { domain: 'w.example', publicReason: 'bots' });
    decide(peer.store, { domain: 'own.example', action: 'lift', publicReason: 'they moderate now' });
    clock.advance(HOUR);
    expect(await bot.poll()).toEqual([
      `Source peer lifted own.example, which you block. It had said: suspend, ${p}/#decision-3.\n\nTo reconsider: \`!moot propose own.example lift --reason "…"\``,
      `Source peer-fires lifted own.example, which you block. It had said: suspend, ${p}/#decision-3.\n\nTo reconsider: \`!moot propose own.example lift --reason "…"\``,
      'Source list lifted own.example, which you block. It had said: suspend.\n\nTo reconsider: `!moot propose own.example lift --reason "…"`',
      'Source forged reads again: 3 blocks.',
      `2 of your 4 sources block w.example: peer: suspend, “bots”, ${p}/#decision-4; peer-fires: suspend, “bots”, ${p}/#decision-4.\n\n` +
        'Nothing is applied unless the community votes. To propose it: `!moot propose w.example suspend --reason "…"`',
    ]);
    clock.advance(HOUR);
    expect(await bot.poll()).toEqual([]);

    const ctx = { intake: bot.capability.actions, settings: { prefix: '!moot' } } as unknown as CommandContext;
    const reply = await sourcesCommand.run(ctx, { args: {}, options: {} });
    expect(reply.kind === 'reply' && renderMessage(reply.message).body).toBe(
      '4 sources, read every 1h; a domain becomes a draft when sources worth 2 block it:\n\n' +
        `• forged (fedimoot-log), ${forged.url}: 3 blocks, read 2025-06-01 15:00 UTC\n` +
        `• list (csv), ${csv.url}: 2 blocks, read 2025-06-01 15:00 UTC; 1 entry skipped (not a domain, or blocking nothing)\n` +
        `• peer (fedimoot-log), ${p}/decisions.json: 3 blocks, read 2025-06-01 15:00 UTC\n` +
        `• peer-fires (fires), ${p}/fires: 3 blocks, read 2025-06-01 15:00 UTC`,
    );
  });

  it('a source that fails is reported once, not at every poll, and once when it reads again', async () => {
    const list = await servedList('# our list\nbad.example\n\nnot a domain\n');
    list.failWith = 503;
    const clock = fakeClock();
    const bot = intakeBot({ intake: { sources: [{ name: 'plain', url: list.url, format: 'plain' }] } }, clock);
    expect(await bot.poll()).toEqual([
      `Source plain (${list.url}) could not be read: it answered HTTP 503 Service Unavailable. It has not been read yet, so it counts for nothing; you are told again when it reads again, not at every poll.`,
    ]);
    clock.advance(3_600_000);
    expect(await bot.poll()).toEqual([]);
    expect(list.requests).toBe(2);
    list.failWith = undefined;
    clock.advance(3_600_000);
    expect(await bot.poll()).toEqual([
      'Source plain reads again: 1 block.',
      '1 of your 1 source blocks bad.example: plain: suspend.\n\nNothing is applied unless the community votes. To propose it: `!moot propose bad.example suspend --reason "…"`',
    ]);
  });

  it('reads within intake.timeout and intake.maxBytes, names itself in the User-Agent, and says which limit a source broke', async () => {
    const slow = await servedList('a.example\n');
    slow.delayMs = 5_000;
    const huge = await servedList('a.example\n'.repeat(200));
    const gone = await servedList('');
    const goneUrl = gone.url.replace('/list', '/gone');
    const bot = intakeBot({
      intake: {
        timeout: '1s',
        maxBytes: 1000,
        sources: [{ name: 'slow', url: slow.url, format: 'plain' }, { name: 'huge', url: huge.url, format: 'plain' }, { name: 'gone', url: goneUrl, format: 'json' }],
      },
    });
    gone.failWith = 404;
    const tail = 'It has not been read yet, so it counts for nothing; you are told again when it reads again, not at every poll.';
    expect(await bot.poll()).toEqual([
      `Source slow (${slow.url}) could not be read: it did not answer within 1 s (intake.timeout). ${tail}`,
      `Source huge (${huge.url}) could not be read: it answered more than 1 KB (intake.maxBytes). ${tail}`,
      `Source gone (${goneUrl}) could not be read: it answered HTTP 404 Not Found. ${tail}`,
    ]);
    expect(huge.userAgents).toEqual([`fedimoot/${packageVersion()} (signal intake)`]);
  });

  it('shows at most 10 drafts a poll, says how many wait, and shows them at the next polls', async () => {
    const domains = Array.from({ length: 12 }, (_, i) => `d${String(i).padStart(2, '0')}.example`);
    const list = await servedList(domains.join('\n'));
    const clock = fakeClock();
    const bot = intakeBot({ intake: { sources: [{ name: 'big', url: list.url, format: 'plain' }] } }, clock);
    const first = await bot.poll();
    expect(first.map((m) => m.split(':')[0])).toEqual([...domains.slice(0, 10).map((d) => `1 of your 1 source blocks ${d}`), '2 more domains reach the threshold; the next polls show them, 10 at a time.']);
    clock.advance(HOUR);
    expect((await bot.poll()).map((m) => m.split(':')[0])).toEqual(domains.slice(10).map((d) => `1 of your 1 source blocks ${d}`));
    clock.advance(HOUR);
    expect(await bot.poll()).toEqual([]);
  });
});
