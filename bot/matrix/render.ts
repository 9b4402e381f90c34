// Turns a structured Message into Matrix content: HTML with every string escaped, plus a plain-text body.
import type { Block, Inline, Message } from '../contracts/message.ts';

export interface RenderedMessage {
  body: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function inlineText(parts: readonly Inline[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('bold' in part) return inlineText(part.bold);
      if ('italic' in part) return inlineText(part.italic);
      if ('code' in part) return `\`${part.code}\``;
      return part.text === part.link ? part.link : `${part.text} (${part.link})`;
    })
    .join('');
}

function inlineHtml(parts: readonly Inline[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return escapeHtml(part);
      if ('bold' in part) return `<strong>${inlineHtml(part.bold)}</strong>`;
      if ('italic' in part) return `<em>${inlineHtml(part.italic)}</em>`;
      if ('code' in part) return `<code>${escapeHtml(part.code)}</code>`;
      return `<a href="${escapeHtml(part.link)}">${escapeHtml(part.text)}</a>`;
    })
    .join('');
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
    case 'heading':
      return inlineText(block.content);
    case 'list':
      return block.items.map((item) => `• ${inlineText(item)}`).join('\n');
    case 'preformatted':
      return block.text;
  }
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inlineHtml(block.content)}</p>`;
    case 'heading':
      return `<h4>${inlineHtml(block.content)}</h4>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`;
    case 'preformatted':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
  }
}

export function renderMessage(msg: Message): RenderedMessage {
  return {
    body: msg.blocks.map(blockText).join('\n\n'),
    html: msg.blocks.map(blockHtml).join(''),
  };
}
