// Reading another server's answer without trusting its size: peer watch and signal intake both read bodies from
// servers the operator does not control, so the read stops (and the download is cancelled) as soon as it passes the cap,
// before the whole of a huge or endless answer is held in memory.

/** The body was longer than the cap; the caller words it for its own setting. */
export class BodyTooBig extends Error {
  override readonly name = 'BodyTooBig';
}

/** A size in words, as the config's limits are read: "2 MB", "500 KB". */
export function megabytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${Number((bytes / 1_000_000).toFixed(1))} MB` : `${Math.round(bytes / 1000)} KB`;
}

/** The body as UTF-8 text; rejects with BodyTooBig once it passes `maxBytes` (declared or counted). */
export async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  const tooBig = () => new BodyTooBig(`answered more than ${megabytes(maxBytes)}`);
  if (Number(response.headers.get('content-length') ?? NaN) > maxBytes) {
    await response.body?.cancel();
    throw tooBig();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
