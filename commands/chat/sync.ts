import type { InstanceCommand } from '../../bot/contracts/spec.ts';
import { errorReply, list, message, paragraph, reply } from '../../bot/contracts/message.ts';
import { refusalMessage } from '../../bot/wording/refusals.ts';
import { describeDrift } from '../../bot/wording/apply-words.ts';

export const syncCommand: InstanceCommand<'instance'> = {
  name: 'sync',
  summary: "compare the decisions with the instance's blocks and report drift",
  access: 'staff',
  needs: ['instance'],
  args: [],
  async run(ctx) {
    const result = await ctx.instance.drift();
    if (!result.ok) return errorReply(refusalMessage(result.reason, ctx.settings.prefix));
    const { items, blocks } = result.value;
    const lines = items.map((item) => describeDrift(item, ctx.settings.prefix));
    if (lines.length === 0) return reply(message(paragraph(blocks === 1 ? "No drift: the instance's 1 block matches the decisions." : `No drift: the instance's ${blocks} blocks match the decisions.`)));
    return reply(message(paragraph(`${lines.length} difference${lines.length === 1 ? '' : 's'} between the decisions and the instance's ${blocks} blocks:`), list(lines.map((l) => [l]))));
  },
};
