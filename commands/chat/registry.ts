import type { ChatCommand } from '../../bot/contracts/spec.ts';
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
import { peersCommand } from './peers.ts';
import { applyCommand } from './apply.ts';
import { syncCommand } from './sync.ts';
import { importCommand } from './import.ts';
import { sourcesCommand } from './sources.ts';
import { pledgeCommand } from './pledge.ts';
import { pledgesCommand } from './pledges.ts';
import { unpledgeCommand } from './unpledge.ts';
import { linkCommand, unlinkCommand, verifyCommand } from './link.ts';

const personal = (command: ChatCommand): ChatCommand => ({ ...command, direct: true });

const commands: ChatCommand[] = [];
commands.push(
  personal(helpCommand(() => commands)),
  proposeCommand,
  secondCommand,
  { ...voteCommand, late: true },
  personal(statusCommand),
  withdrawCommand,
  closeCommand,
  cancelCommand,
  personal(logCommand),
  impactCommand,
  personal(peersCommand),
  applyCommand,
  syncCommand,
  importCommand,
  sourcesCommand,
  personal(pledgeCommand),
  personal(pledgesCommand),
  personal(unpledgeCommand),
  personal(linkCommand),
  personal(verifyCommand),
  personal(unlinkCommand),
);

export const CHAT_COMMANDS: readonly ChatCommand[] = commands;
