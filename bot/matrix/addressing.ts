// Whether a message is addressed to the bot, and the command text it holds: the prefix, "moot:", or a mention.

export interface CommandAddressing {
  prefix: string;
  botUserId: string;
  botDisplayName?: string;
  /** True when the event mentions the bot (m.mentions or a pill in formatted_body). */
  mentionsBot: boolean;
}

/** The command text without its addressing, or undefined when the message is not for the bot. */
export function extractCommandText(body: string, addressing: CommandAddressing): string | undefined {
  const text = body.trimStart();
  const lower = text.toLowerCase();
  const prefix = addressing.prefix.toLowerCase();
  if (lower.startsWith(prefix) && (text.length === prefix.length || /\s/.test(text[prefix.length]!))) {
    return text.slice(prefix.length).trim();
  }
  if (lower.startsWith('moot:')) return text.slice(5).trim();
  if (addressing.mentionsBot) {
    const localpart = addressing.botUserId.slice(1).split(':')[0]!;
    const names = [addressing.botUserId, addressing.botDisplayName, localpart].filter((n): n is string => !!n);
    for (const name of names) {
      if (lower.startsWith(name.toLowerCase())) {
        const rest = text.slice(name.length).replace(/^[:,]?\s*/, '');
        return rest.trim();
      }
    }
  }
  return undefined;
}

/** True when the event mentions the bot (m.mentions or a pill in formatted_body). */
export function mentionsBot(content: Record<string, unknown>, botUserId: string): boolean {
  const mentions = content['m.mentions'] as { user_ids?: unknown } | undefined;
  if (Array.isArray(mentions?.user_ids) && mentions.user_ids.includes(botUserId)) return true;
  const html = typeof content.formatted_body === 'string' ? content.formatted_body : '';
  return html.includes(`matrix.to/#/${botUserId}`) || html.includes(`matrix.to/#/${encodeURIComponent(botUserId)}`);
}
