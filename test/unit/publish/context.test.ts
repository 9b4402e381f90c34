// The page's title and rooms come from the config: publish.title, else the instance named by mastodon.url's host.
import { describe, expect, it } from 'vitest';
import { publishContext } from '../../../bot/publish/context.ts';
import type { Config } from '../../../bot/config/types.ts';

const config = (publish: Partial<Config['publish']>, mastodonUrl?: string): Config => ({
  matrix: { memberRooms: ['#town-hall:example.social'], commandPrefix: '!vote' },
  mastodon: mastodonUrl ? { url: mastodonUrl } : undefined,
  publish: { http: undefined, baseUrl: undefined, title: undefined, allowDisclosedVotes: false, ...publish },
}) as unknown as Config;

describe('publishContext', () => {
  it('names the instance by the host of mastodon.url', () => {
    expect(publishContext(config({}, 'https://example.social'), 0)).toMatchObject({ title: 'Federation decisions of example.social', publisher: 'example.social' });
  });

  it('takes publish.title when the config gives one', () => {
    expect(publishContext(config({ title: 'How Example Social federates' }, 'https://example.social'), 0).title).toBe('How Example Social federates');
  });

  it('passes the member rooms and the command prefix, for "How to take part"', () => {
    expect(publishContext(config({}), 0)).toMatchObject({ title: 'Federation decisions', memberRooms: ['#town-hall:example.social'], commandPrefix: '!vote' });
  });
});
