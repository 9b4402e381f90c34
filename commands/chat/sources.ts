import type { ChatCommand } from './spec.ts';
import { reply } from './message.ts';
import { sourcesMessage } from './intake-words.ts';
import { formatDuration } from '../../governance/duration.ts';

export const sourcesCommand: ChatCommand = {
  name: 'sources',
  summary: 'the block lists the bot follows (intake.sources), whether each reads, and what it blocks',
  access: 'staff',
  args: [],
  async run(ctx) {
    const overview = ctx.intake?.overview() ?? { sources: [], threshold: 1, everyMs: 3_600_000 };
    return reply(sourcesMessage(overview.sources, overview.threshold, formatDuration(overview.everyMs)));
  },
};
