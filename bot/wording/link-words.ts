// How account linking reads: the code the bot posts on the instance, and the private answers to link, verify, unlink.
import type { LinkDone } from '../contracts/pledge-ports.ts';

/** The direct status on the instance that carries a link code to its account. */
export function linkCodeStatus(acct: string, code: string, prefix: string): string {
  return `@${acct} Your fedimoot code is ${code}. In Matrix, write: ${prefix} verify ${code} (valid for one hour). If you did not ask for this, ignore it.`;
}

export function linkDoneWords(done: LinkDone, prefix: string): string {
  switch (done.kind) {
    case 'code_sent':
      return `I sent a code to @${done.acct} as a direct message on the instance. Write ${prefix} verify <code> here within an hour.`;
    case 'linked':
      return `Linked: your Matrix account now stands for @${done.acct} on the instance.`;
    case 'unlinked':
      return `Unlinked from @${done.acct}.`;
  }
}
