import type { Config } from '../config/types.ts';
import type { PublishContext } from './formats.ts';

export function publishContext(config: Config, now: number): PublishContext {
  const instance = config.mastodon ? new URL(config.mastodon.url).host : undefined;
  const publisher = instance ?? (config.publish.baseUrl ? new URL(config.publish.baseUrl).host : 'fedimoot');
  return {
    baseUrl: config.publish.baseUrl,
    title: instance ? `Federation decisions of ${instance}` : 'Federation decisions',
    publisher,
    now,
  };
}
