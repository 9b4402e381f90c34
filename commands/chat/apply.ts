import type { InstanceCommand } from '../../bot/contracts/spec.ts';
import { replyFromResult } from '../../bot/contracts/message.ts';
import { applyStartedWords } from '../../bot/wording/apply-words.ts';
import { inWords } from '../../bot/wording/refusals.ts';

export const applyCommand: InstanceCommand<'instance'> = {
  name: 'apply',
  summary: 'apply an approved decision on the instance now, or retry one whose application failed or is stuck',
  access: 'staff',
  needs: ['instance'],
  args: [{ name: 'n', type: 'proposal', summary: 'the proposal number' }],
  options: [{ name: 'dry-run', type: 'flag', summary: 'only say what would be done' }],
  async run(ctx, { args, options }) {
    const result = await ctx.instance.apply(args.n as number, ctx.sender, options['dry-run'] === true);
    return replyFromResult(inWords(result, ctx.settings.prefix, applyStartedWords));
  },
};
