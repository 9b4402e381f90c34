// Signal intake with the real bot on a real Synapse: block lists served on 127.0.0.1 become one draft each in the
// staff room, not again after a restart; nothing is proposed or applied by the bot itself.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command, createWorld, textMatching, type World } from './support/world.ts';

const CSV_HEADER = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n';

describe('signal intake', () => {
  let world: World;
  let server: Server;
  const lists = { csv: `${CSV_HEADER}bad.example,suspend,false,false,spam,false\nonly-csv.example,silence,false,false,,false\n`, json: JSON.stringify([{ domain: 'bad.example', severity: 'suspend', comment: 'spam, bots' }]) };
  let base = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = req.url === '/list.csv' ? lists.csv : lists.json;
      res.writeHead(200, { 'content-type': req.url === '/list.csv' ? 'text/csv' : 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    world = await createWorld(0, {
      extra: {
        intake: {
          threshold: 2,
          sources: [
            { name: 'csv-list', url: `${base}/list.csv`, format: 'csv' },
            { name: 'json-list', url: `${base}/list.json`, format: 'json' },
          ],
        },
      },
    });
    await world.botProcess.start();
  });
  afterAll(async () => {
    await world?.botProcess.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('posts one draft per domain the sources agree on, once across a restart', async () => {
    const draft = await world.staff.waitForEvent(world.staffRoom, textMatching(/ sources block bad\.example/, world.bot.userId), { timeoutMs: 60_000 });
    expect(draft.content.body).toBe(
      '2 of your 2 sources block bad.example: csv-list: suspend, “spam”; json-list: suspend, “spam, bots”.\n\n' +
        'Nothing is applied unless the community votes. To propose it: `!moot propose bad.example suspend --reason "…"`',
    );
    expect(draft.content.format).toBe('org.matrix.custom.html');

    const sources = await command(world.staff, world.staffRoom, '!moot sources');
    expect(String(sources.content.body)).toMatch(new RegExp(
      '^2 sources, read every 1h; a domain becomes a draft when sources worth 2 block it:\\n\\n' +
        `• csv-list \\(csv\\), ${base}/list\\.csv: 2 blocks, read \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\n` +
        `• json-list \\(json\\), ${base}/list\\.json: 1 block, read \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`,
    ));

    // Restarted, the bot reads the lists again at once: only the domain new since then is a draft.
    await world.botProcess.stop();
    lists.json = JSON.stringify([{ domain: 'bad.example', severity: 'suspend', comment: 'spam, bots' }, { domain: 'only-csv.example', severity: 'silence' }]);
    await world.botProcess.start();
    await world.staff.waitForEvent(world.staffRoom, textMatching(/ sources block only-csv\.example/, world.bot.userId), { timeoutMs: 60_000 });
    const drafts = (await world.staff.messages(world.staffRoom, { limit: 50 }))
      .filter((ev) => ev.sender === world.bot.userId && / sources? blocks? /.test(String(ev.content.body)))
      .map((ev) => String(ev.content.body).split(':')[0]);
    expect(drafts.sort()).toEqual(['2 of your 2 sources block bad.example', '2 of your 2 sources block only-csv.example']);
    // Drafts only: no poll was opened, nothing proposed.
    expect((await world.staff.messages(world.staffRoom, { limit: 50 })).filter((ev) => /poll\.start$/.test(ev.type))).toEqual([]);
  });
});
