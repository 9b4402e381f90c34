// Strict readers for the published formats, written from the specifications, so the tests read what a consumer reads:
// CSV as Ruby's CSV library (RFC 4180, strict about quotes) and Mastodon's domain-block import read it, and XML
// checked for well-formedness (XML 1.0: one root, tags nested and closed, attributes quoted, only known entities).

/** RFC 4180 with Ruby CSV's strictness: a quote inside an unquoted field, or text after a closing quote, is an error. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const atEnd = () => i >= text.length;
  while (!atEnd()) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (atEnd()) throw new Error('CSV: unclosed quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else field += text[i++];
      }
      if (!atEnd() && !/[,\r\n]/.test(text[i]!)) throw new Error(`CSV: text after a closing quote at ${i}`);
    } else {
      while (!atEnd() && !/[,\r\n]/.test(text[i]!)) {
        if (text[i] === '"') throw new Error(`CSV: illegal quoting at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      if (atEnd()) row.push('');
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    rows.push(row);
    row = [];
  }
  return rows;
}

export interface MastodonImportRow {
  domain: string;
  severity: string;
  reject_media: boolean;
  reject_reports: boolean;
  public_comment: string | null;
  obfuscate: boolean;
}

/**
 * Mastodon's admin import (Admin::ExportDomainBlocksController#import): rows by header name, `#domain` stripped,
 * `#severity` defaulting to suspend, booleans cast as Rails casts "true"/"false", and DomainBlock's validations
 * (a valid domain without `*`, a known severity). Throws where Mastodon would refuse the file or drop the row.
 */
export function readMastodonImport(text: string): MastodonImportRow[] {
  const [header, ...rows] = parseCsv(text);
  if (!header || header[0] !== '#domain') throw new Error('Mastodon import: the first header must be #domain');
  const bool = (value: string | undefined, name: string): boolean => {
    if (value === undefined || value === 'false' || value === '') return false;
    if (value === 'true') return true;
    throw new Error(`Mastodon import: ${name} is not a boolean: ${value}`);
  };
  return rows.map((fields) => {
    const row = new Map(header.map((name, i) => [name, fields[i]]));
    const domain = (row.get('#domain') ?? '').trim();
    if (!/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i.test(domain)) throw new Error(`Mastodon import: invalid domain "${domain}"`);
    const severity = row.has('#severity') ? row.get('#severity')! : 'suspend';
    if (!['silence', 'suspend', 'noop'].includes(severity)) throw new Error(`Mastodon import: invalid severity "${severity}"`);
    return {
      domain,
      severity,
      reject_media: bool(row.get('#reject_media'), '#reject_media'),
      reject_reports: bool(row.get('#reject_reports'), '#reject_reports'),
      public_comment: row.get('#public_comment') || null,
      obfuscate: bool(row.get('#obfuscate'), '#obfuscate'),
    };
  });
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_:][A-Za-z0-9_:.-]*';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`XML: "<" in ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`XML: bare "&" in ${where}`);
    if (ref in ENTITIES) return ENTITIES[ref]!;
    if (/^#[0-9]+$/.test(ref)) return String.fromCodePoint(Number(ref.slice(1)));
    if (/^#x[0-9a-f]+$/i.test(ref)) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    throw new Error(`XML: unknown entity &${ref}; in ${where}`);
  });
}

/** Parses a well-formed XML document into its root element; throws at the first well-formedness error. */
export function parseXml(text: string): XmlElement {
  let rest = text.replace(/^<\?xml\s[^?]*\?>/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
  while (rest.length) {
    const lt = rest.indexOf('<');
    const chunk = lt === -1 ? rest : rest.slice(0, lt);
    if (chunk) {
      const content = decode(chunk, 'text');
      if (stack.length) stack.at(-1)!.text += content;
      else if (content.trim()) throw new Error('XML: text outside the root element');
    }
    if (lt === -1) break;
    rest = rest.slice(lt);
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end === -1) throw new Error('XML: unclosed comment');
      rest = rest.slice(end + 3);
      continue;
    }
    const m = tag.exec(rest);
    if (!m) throw new Error(`XML: malformed tag at "${rest.slice(0, 40)}"`);
    const [whole, closing, name, attrText, selfClosing] = m;
    rest = rest.slice(whole.length);
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`XML: </${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrText!.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
      if (a[1]! in attributes) throw new Error(`XML: attribute ${a[1]} twice`);
      attributes[a[1]!] = decode(a[2] ?? a[3] ?? '', `attribute ${a[1]}`);
    }
    const element: XmlElement = { name: name!, attributes, children: [], text: '' };
    if (stack.length) stack.at(-1)!.children.push(element);
    else if (root) throw new Error('XML: a second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length) throw new Error(`XML: <${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('XML: no root element');
  return root;
}
