import type { InstanceCommand } from '../../bot/contracts/spec.ts';
import { errorReply, message, paragraph, reply } from '../../bot/contracts/message.ts';
import { refusalMessage } from '../../bot/wording/refusals.ts';

/** A reply lists this many domains at most; the rest are counted. */
const SHOWN = 20;

function domainList(domains: readonly string[]): string {
  const shown = domains.slice(0, SHOWN).join(', ');
  return domains.length > SHOWN ? `${shown} and ${domains.length - SHOWN} more` : shown;
}

export const importCommand: InstanceCommand<'instance'> = {
  name: 'import',
  summary: "record the instance's blocks that no decision made as prior decisions (not voted), so drift starts at zero",
  access: 'staff',
  needs: ['instance'],
  args: [],
  options: [{ name: 'dry-run', type: 'flag', summary: 'only say what would be recorded' }],
  async run(ctx, { options }) {
    const dryRun = options['dry-run'] === true;
    const result = await ctx.instance.importBlocks(ctx.sender, dryRun);
    if (!result.ok) return errorReply(refusalMessage(result.reason, ctx.settings.prefix));
    const { recorded, alreadyDecided, skipped } = result.value;
    const n = recorded.length;
    const blocks = `${n} block${n === 1 ? '' : 's'}`;
    const rest = [
      alreadyDecided ? `${alreadyDecided} already had a decision` : '',
      skipped ? `${skipped} no-op block${skipped === 1 ? '' : 's'} (which restrict nothing) left out` : '',
    ].filter(Boolean).join('; ');
    const tail = rest ? ` ${rest[0]!.toUpperCase()}${rest.slice(1)}.` : '';
    if (dryRun) {
      return reply(message(paragraph(n ? `Dry run: I would record ${blocks} of the instance as prior decisions (not voted): ${domainList(recorded)}.${tail}` : `Dry run: there is nothing to record; every block of the instance has a decision.${tail}`)));
    }
    if (n === 0) return reply(message(paragraph(`There was nothing to record; every block of the instance has a decision.${tail}`)));
    return reply(message(
      paragraph(`I recorded ${blocks} of the instance as prior decisions (not voted): ${domainList(recorded)}.${tail}`),
      paragraph('They are in the decision log marked as recorded, not voted; members can still propose to lift any of them.'),
    ));
  },
};
