// Every sentence about a member's own impact of a cut: the answer to `impact <domain> mine`, the private notices
// when a cut is proposed, approved or lifted, and the file they carry. Only the member reads any of it.
import { followingCsv, type PersonalImpact } from '../../governance/personal-impact.ts';
import { code, message, paragraph, type Block, type Message } from '../contracts/message.ts';
import type { FileAttachment, PersonalAnswer } from '../contracts/personal-impact-ports.ts';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A list shown in full up to this many; longer ones are in the file. */
const SHOWN = 20;

function shown(addresses: readonly string[]): string {
  const head = addresses.slice(0, SHOWN).join(', ');
  return addresses.length > SHOWN ? `${head} and ${addresses.length - SHOWN} more` : head;
}

/** "you follow 3 accounts there, 2 of them follow you; 5 follow you; mutuals: a@x, b@x". */
export function figuresSentence(impact: PersonalImpact): string {
  const parts = [
    `you follow ${count(impact.following.length, 'account', 'accounts')} there`,
    `${count(impact.followers.length, 'account', 'accounts')} there ${impact.followers.length === 1 ? 'follows' : 'follow'} you`,
    impact.mutuals.length ? `${count(impact.mutuals.length, 'is a mutual', 'are mutuals')}: ${shown(impact.mutuals)}` : 'none of them is a mutual',
  ];
  return parts.join('; ');
}

export const IMPORT_HOW =
  "To follow them again, import the file in your account's settings (on Mastodon: Preferences › Import and export › Import, type Following list).";

function fileNote(impact: PersonalImpact): Block {
  return impact.following.length
    ? paragraph(`The file lists the ${count(impact.following.length, 'account', 'accounts')} you follow there in Mastodon's import format, so you can follow them again later or from another account. ${IMPORT_HOW}`)
    : paragraph('You follow nobody there, so there is no list to keep.');
}

export function followingFile(domain: string, addresses: readonly string[]): FileAttachment {
  return { name: `following-${domain}.csv`, mimetype: 'text/csv', text: followingCsv(addresses) };
}

/** The answer to `impact <domain> mine`, with its file when there is anyone to follow again. */
export function personalAnswerMessage(answer: PersonalAnswer, domain: string, prefix: string): { message: Message; error: boolean; file?: FileAttachment } {
  switch (answer.kind) {
    case 'not_linked':
      return {
        error: true,
        message: message(
          paragraph(`I can only count what a cut of ${domain} takes from you once your Matrix account is linked to your account on the instance.`),
          paragraph('Link it with ', code(`${prefix} link @you@your.instance`), ', then ', code(`${prefix} verify <code>`), ' with the code I send you there.'),
        ),
      };
    case 'hidden':
      return {
        error: true,
        message: message(paragraph(
          `Your account @${answer.acct} hides whom it follows and who follows it (the setting that hides your follows and followers in your profile's privacy settings), and the instance hides them from me too, so I cannot count what a cut of ${domain} would take from you. Turn that setting off for a moment and ask again if you want your figures.`,
        )),
      };
    case 'unreadable':
      return { error: true, message: message(paragraph(`I could not read the follows of @${answer.acct} from the instance: ${answer.reason}`)) };
    case 'figures': {
      const { impact } = answer;
      const file = impact.following.length ? followingFile(domain, impact.following) : undefined;
      return {
        error: false,
        file,
        message: message(
          paragraph(`If ${domain} (with its subdomains) were cut off, @${answer.acct} would lose: ${figuresSentence(impact)}.`),
          fileNote(impact),
        ),
      };
    }
  }
}

/** Why a member's follows could not be read, to end "I could not read the follows of @x from the instance: …". */
export const UNREADABLE_WORDS = {
  refused: (status: number) => `the instance refused my request (it answered ${status}). Staff can fix it: the bot's token needs the read or read:accounts scope.`,
  gone: 'the instance no longer knows your linked account. Link it again if it moved.',
  transient: 'the instance did not answer in time; try again later.',
  other: (detail?: string) => (detail ? `${detail}.` : 'something went wrong on my side; try again later.'),
};

export function notifyAnswer(on: boolean, linked: boolean, prefix: string): string {
  if (!linked) return `You have no linked account, so I send you no such messages anyway. Link one with ${prefix} link @you@your.instance.`;
  return on
    ? `I will tell you privately, with your own figures, when a proposal would cut a domain where you follow people. Turn it off with ${prefix} impact notify off.`
    : `I will no longer tell you privately when a proposal would cut a domain where you follow people. Turn it back on with ${prefix} impact notify on.`;
}

function optOutLine(prefix: string): Block {
  return paragraph('Only you read this. To get no more of these messages: ', code(`${prefix} impact notify off`), '.');
}

/** Sent once when a proposal to suspend a domain opens, to each linked member with anyone there. */
export function openedNotice(title: string, domain: string, impact: PersonalImpact, prefix: string): Message {
  return message(
    paragraph(`${title} is open for voting. If it passes, you lose your connections on ${domain} (with its subdomains): ${figuresSentence(impact)}.`),
    fileNote(impact),
    ...(impact.following.length ? [paragraph('I keep this list for you, and send it back if the block is lifted one day.')] : []),
    optOutLine(prefix),
  );
}

/** Sent once when such a proposal is approved with a grace period: the date of the cut. */
export function approvedNotice(title: string, domain: string, cutAt: string, impact: PersonalImpact, prefix: string): Message {
  return message(
    paragraph(`${title} was approved and will be applied on ${cutAt}. Then you lose your connections on ${domain}: ${figuresSentence(impact)}.`),
    paragraph('Until then you can tell them where to find you, or follow them from another account.'),
    fileNote(impact),
    optOutLine(prefix),
  );
}

/** Sent once after a lift is applied, with the list saved before the cut. */
export function liftedNotice(title: string, domain: string, accounts: readonly string[]): Message {
  return message(
    paragraph(`${title} is applied: ${domain} is no longer blocked. Before the cut you followed ${count(accounts.length, 'account', 'accounts')} there; the file lists them.`),
    paragraph(IMPORT_HOW),
  );
}
