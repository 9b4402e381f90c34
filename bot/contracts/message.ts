// A reply as structure, not markup: the Matrix renderer turns it into HTML and plain text, escaping every string,
// so user input quoted in a reply can never inject markup.
import type { FileAttachment } from './personal-impact-ports.ts';

export type Inline = string | { bold: Inline[] } | { code: string } | { link: string; text: string } | { italic: Inline[] };

export type Block =
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'heading'; content: Inline[] }
  | { kind: 'preformatted'; text: string };

export interface Message {
  blocks: Block[];
}

export const bold = (...content: Inline[]): Inline => ({ bold: content });
export const italic = (...content: Inline[]): Inline => ({ italic: content });
export const code = (text: string): Inline => ({ code: text });
export const link = (url: string, text = url): Inline => ({ link: url, text });
/** Text whose `backticked` parts are code: declarations write summaries so, and help must not show the backticks. */
export const withCode = (text: string): Inline[] =>
  text.split(/`([^`]*)`/).map((part, i) => (i % 2 === 1 ? code(part) : part)).filter((part) => part !== '');

export const paragraph = (...content: Inline[]): Block => ({ kind: 'paragraph', content });
export const heading = (...content: Inline[]): Block => ({ kind: 'heading', content });
export const list = (items: Inline[][]): Block => ({ kind: 'list', items });
export const preformatted = (text: string): Block => ({ kind: 'preformatted', text });

export const message = (...blocks: Block[]): Message => ({ blocks });

/**
 * The outcome of a chat command, for the renderer: a threaded reply, or a bare ✅/❌ reaction. A `private` reply is
 * for the sender alone (their pledges, their account link): outside a direct message it goes to their direct message
 * with the bot, and the room gets only a pointer.
 */
export type CommandReply =
  /** `file`: sent right after the message, as a reply to it (a member's own list, say). */
  | { kind: 'reply'; message: Message; error?: boolean; private?: boolean; file?: FileAttachment }
  | { kind: 'reaction'; ok: boolean; message?: Message }
  /** The workflow's announcement in the command's room is the answer (a reply to the command): nothing else is sent. */
  | { kind: 'announced' };

export const reply = (msg: Message): CommandReply => ({ kind: 'reply', message: msg });
export const errorReply = (msg: Message): CommandReply => ({ kind: 'reply', message: msg, error: true });
export const privateReply = (msg: Message, error = false, file?: FileAttachment): CommandReply =>
  ({ kind: 'reply', message: msg, error, private: true, ...(file ? { file } : {}) });

/** A one-paragraph private reply from a port's result. */
export const privateFromResult = (result: { ok: true; value: string } | { ok: false; reason: string }): CommandReply =>
  result.ok ? privateReply(message(paragraph(result.value))) : privateReply(message(paragraph(result.reason)), true);
export const reaction = (ok: boolean, msg?: Message): CommandReply => ({ kind: 'reaction', ok, message: msg });
export const announced: CommandReply = { kind: 'announced' };

/** A one-paragraph reply from a port's result: its text, or its reason as an error. */
export const replyFromResult = (result: { ok: true; value: string } | { ok: false; reason: string }): CommandReply =>
  result.ok ? reply(message(paragraph(result.value))) : errorReply(message(paragraph(result.reason)));
