import type { PlainCommand } from '../../bot/contracts/spec.ts';
import { reply } from '../../bot/contracts/message.ts';
import { sourcesMessage } from '../../bot/wording/intake-words.ts';
import { formatDuration } from '../../governance/duration.ts';

export const sourcesCommand: PlainCommand = {
  name: 'sources',
  summary: 'the block lists the bot follows (intake.sources), whether each reads, and what it blocks',
  access: 'staff',
  args: [],
  async run(ctx) {
    const overview = ctx.intake?.overview() ?? { sources: [], threshold: 1, everyMs: 3_600_000 };
    return reply(sourcesMessage(overview.sources, overview.threshold, formatDuration(overview.everyMs)));
  },
};
