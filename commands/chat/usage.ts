import type { ArgSpec, ChatCommand, OptionSpec } from '../../bot/contracts/spec.ts';

function argUsage(arg: ArgSpec): string {
  if (arg.usage) return arg.usage;
  const inner = arg.type === 'action' ? 'suspend|limit|lift'
    : arg.type === 'answer' ? 'yes|no|abstain'
    : arg.choices ? arg.choices.join('|')
    : arg.name;
  const word = arg.rest ? `${inner}…` : inner;
  return arg.optional ? `[${word}]` : `<${word}>`;
}

function optionUsage(option: OptionSpec): string {
  const value = option.type === 'flag' ? '' : option.valueName ? ` ${option.valueName}` : option.type === 'text' ? ' "…"' : option.type === 'duration' ? ' 7d' : ' <url>';
  return `[--${option.name}${value}]${option.repeatable ? '…' : ''}`;
}

export function usageLine(prefix: string, command: ChatCommand): string {
  return [prefix, command.name, ...command.args.map(argUsage), ...(command.options ?? []).map(optionUsage)].join(' ');
}
