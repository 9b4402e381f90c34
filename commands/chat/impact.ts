import type { CommandContext, InstanceCommand, InstancePorts } from '../../bot/contracts/spec.ts';
import type { CommandReply } from '../../bot/contracts/message.ts';
import { code, errorReply, message, paragraph, privateReply, reply } from '../../bot/contracts/message.ts';
import { describeImpact } from '../../bot/wording/impact-words.ts';
import { notifyAnswer, personalAnswerMessage } from '../../bot/wording/personal-impact-words.ts';
import { normaliseDomain } from '../../governance/domain.ts';
import { refusalMessage } from '../../bot/wording/refusals.ts';

function usage(ctx: CommandContext, reason: string): CommandReply {
  const prefix = ctx.settings.prefix;
  return errorReply(message(
    paragraph(reason),
    paragraph('Usage: ', code(`${prefix} impact <domain> [mine]`), ' or ', code(`${prefix} impact notify on|off`)),
  ));
}

/** `impact notify on|off`: the member's private notices about proposed cuts. */
function notify(ctx: CommandContext & Pick<InstancePorts, 'personal'>, which: string | undefined): CommandReply {
  const choice = which?.toLowerCase();
  if (choice !== 'on' && choice !== 'off') return usage(ctx, `After notify, write on or off${which ? `, not "${which}"` : ''}.`);
  const linked = ctx.personal.setNotify(ctx.sender, choice === 'on');
  return privateReply(message(paragraph(notifyAnswer(choice === 'on', linked, ctx.settings.prefix))), !linked);
}

export const impactCommand: InstanceCommand<'instance' | 'personal'> = {
  name: 'impact',
  summary: 'what a block of a domain would cut: follows, followers, accounts, reports; `mine` for your own follows there (by direct message), `notify on|off` for being told when a cut is proposed',
  access: 'all',
  needs: ['instance', 'personal'],
  direct: true,
  // The first word may be `notify`, so the domain is checked here rather than by the parser.
  args: [
    { name: 'domain', type: 'word', summary: 'the instance, e.g. threads.net (or `notify`)', usage: '<domain>' },
    { name: 'which', type: 'word', optional: true, summary: '`mine`: what a cut would take from you; after `notify`: `on` or `off`', usage: '[mine]' },
  ],
  async run(ctx, { args }) {
    const first = String(args.domain);
    const which = args.which === undefined ? undefined : String(args.which);
    if (first.toLowerCase() === 'notify') return notify(ctx, which);
    const normalised = normaliseDomain(first);
    if (!normalised.ok) return usage(ctx, `${normalised.reason[0]!.toUpperCase()}${normalised.reason.slice(1)}.`);
    const domain = normalised.domain;
    if (which !== undefined && which.toLowerCase() !== 'mine') return usage(ctx, `"${which}" is not mine; write ${ctx.settings.prefix} impact ${domain} mine for your own figures.`);
    if (which !== undefined) {
      const answer = personalAnswerMessage(await ctx.personal.mine(ctx.sender, domain), domain, ctx.settings.prefix);
      return privateReply(answer.message, answer.error, answer.file);
    }
    const result = await ctx.instance.impact(domain);
    if (!result.ok) return errorReply(refusalMessage(result.reason, ctx.settings.prefix));
    const words = describeImpact(result.value);
    return reply(message(paragraph(`Blocking ${domain} (with its subdomains) would affect: ${words}.`)));
  },
};
