import type { Config } from '../config/types.ts';
import type { PublishContext } from './formats.ts';

/** The page's title is the config's (publish.title), or names the instance by its address (mastodon.url's host). */
export function publishContext(config: Config, now: number): PublishContext {
  const instance = config.mastodon ? new URL(config.mastodon.url).host : undefined;
  const publisher = instance ?? (config.publish.baseUrl ? new URL(config.publish.baseUrl).host : 'fedimoot');
  return {
    baseUrl: config.publish.baseUrl,
    title: config.publish.title ?? (instance ? `Federation decisions of ${instance}` : 'Federation decisions'),
    publisher,
    now,
    // Only member rooms: staff rooms are not where the public takes part, and their names stay off the page.
    memberRooms: config.matrix.memberRooms,
    commandPrefix: config.matrix.commandPrefix,
  };
}
