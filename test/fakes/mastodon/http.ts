import type { IncomingMessage } from 'node:http';

export type Params = Record<string, unknown>;

export interface Reply {
  status: number;
  /** Serialised as JSON unless `html` is set. */
  body?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

/** Thrown by handlers to answer with an error; `body` defaults to `{error: message}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, message: string, body?: unknown) {
    super(message);
    this.status = status;
    this.body = body ?? { error: message };
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Request parameters as Rails merges them: query string, then the body (JSON, urlencoded or multipart). */
export async function parseParams(search: string, contentType: string | undefined, raw: Buffer): Promise<Params> {
  const params = parseRailsQuery(search);
  if (raw.length === 0 || contentType === undefined) return params;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError(400, 'Error occurred while parsing request parameters');
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed);
    else params['_json'] = parsed;
  } else if (type === 'application/x-www-form-urlencoded') {
    Object.assign(params, parseRailsQuery(raw.toString('utf8')));
  } else if (type === 'multipart/form-data') {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') setNested(params, key, value);
    }
  }
  return params;
}

/** `a=1&keys[]=x&keys[]=y&obj[k]=v` → `{a: '1', keys: ['x', 'y'], obj: {k: 'v'}}`. */
export function parseRailsQuery(search: string): Params {
  const out: Params = {};
  for (const [key, value] of new URLSearchParams(search)) setNested(out, key, value);
  return out;
}

function setNested(root: Params, key: string, value: string): void {
  const open = key.indexOf('[');
  const parts =
    open <= 0 ? [key] : [key.slice(0, open), ...Array.from(key.slice(open).matchAll(/\[([^\]]*)\]/g), (m) => m[1]!)];
  let node: Params = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (parts[i + 1] === '') {
      if (!Array.isArray(node[part])) node[part] = [];
      // Arrays of hashes (`a[][b]`) are not needed by any endpoint here.
      if (i + 2 === parts.length) (node[part] as unknown[]).push(value);
      return;
    }
    const child = node[part];
    if (child === null || typeof child !== 'object' || Array.isArray(child)) node[part] = {};
    node = node[part] as Params;
  }
  node[parts[parts.length - 1]!] = value;
}

const FALSE_VALUES = new Set(['0', 'f', 'false', 'off']);

/** ActiveModel's boolean cast: false, 0, "0", "f", "false", "off" (any case) are false; "" and null are unset. */
export function castBool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return !FALSE_VALUES.has(String(value).toLowerCase());
}

/** A nullable text column: strings kept, null/absent unset, anything else stringified. */
export function castText(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function paramString(params: Params, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** Api::BaseController#limit_param: absent → default; otherwise |to_i|, capped at twice the default. */
/** A cursor (`max_id` & co.) as Mastodon reads it: the leading integer, or none. */
export function idParam(params: Params, key: string): number | undefined {
  const raw = paramString(params, key);
  if (raw === undefined || raw === '') return undefined;
  const n = Number.parseInt(raw, 10);
  return Number.isNaN(n) ? undefined : n;
}

/** Rails url_for for a page of a list at `path`: the kept `limit` plus the cursor, keys sorted. */
export function pageLink(ctx: { baseUrl: string; params: Params }, path: string, cursor: Record<string, string>): string {
  const query: Record<string, string> = { ...cursor };
  const limit = paramString(ctx.params, 'limit');
  if (limit !== undefined) query['limit'] = limit;
  const qs = Object.keys(query).sort().map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k]!)}`).join('&');
  return `${ctx.baseUrl}${path}?${qs}`;
}

export function limitParam(params: Params, dflt: number): number {
  const raw = params['limit'];
  if (raw === undefined || raw === null) return dflt;
  const n = Math.abs(Number.parseInt(String(raw), 10) || 0);
  return Math.min(n, dflt * 2);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
