import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { bold, code, link, list, message, paragraph } from '../../../bot/contracts/message.ts';

describe('renderMessage', () => {
  it('escapes user text in HTML and keeps it verbatim in the plain body', () => {
    const rendered = renderMessage(message(paragraph('Reason: <script>alert("x")</script> & more')));
    expect(rendered.html).toBe('<p>Reason: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</p>');
    expect(rendered.body).toBe('Reason: <script>alert("x")</script> & more');
  });

  it('renders structure in both forms', () => {
    const rendered = renderMessage(message(
      paragraph(bold('Proposal 1'), ' is open: ', code('!moot vote 1 yes')),
      list([['one'], [link('https://e.example/a"b', 'evidence')]]),
    ));
    expect(rendered.body).toBe('Proposal 1 is open: `!moot vote 1 yes`\n\n• one\n• evidence (https://e.example/a"b)');
    expect(rendered.html).toBe(
      '<p><strong>Proposal 1</strong> is open: <code>!moot vote 1 yes</code></p>' +
        '<ul><li>one</li><li><a href="https://e.example/a&quot;b">evidence</a></li></ul>',
    );
  });
});
