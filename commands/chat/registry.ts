import type { ChatCommand } from './spec.ts';
import { helpCommand } from './help.ts';
import { proposeCommand } from './propose.ts';
import { secondCommand } from './second.ts';
import { voteCommand } from './vote.ts';
import { statusCommand } from './status.ts';
import { withdrawCommand } from './withdraw.ts';
import { closeCommand } from './close.ts';
import { cancelCommand } from './cancel.ts';
import { logCommand } from './log.ts';
import { impactCommand } from './impact.ts';
import { applyCommand } from './apply.ts';
import { syncCommand } from './sync.ts';
import { pledgeCommand } from './pledge.ts';
import { pledgesCommand } from './pledges.ts';
import { unpledgeCommand } from './unpledge.ts';
import { linkCommand, unlinkCommand, verifyCommand } from './link.ts';

const commands: ChatCommand[] = [];
commands.push(
  helpCommand(() => commands),
  proposeCommand,
  secondCommand,
  voteCommand,
  statusCommand,
  withdrawCommand,
  closeCommand,
  cancelCommand,
  logCommand,
  impactCommand,
  applyCommand,
  syncCommand,
  pledgeCommand,
  pledgesCommand,
  unpledgeCommand,
  linkCommand,
  verifyCommand,
  unlinkCommand,
);

export const CHAT_COMMANDS: readonly ChatCommand[] = commands;

export function findCommand(name: string): ChatCommand | undefined {
  return CHAT_COMMANDS.find((c) => c.name === name.toLowerCase());
}
