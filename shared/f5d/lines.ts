/**
 * Splits a byte stream into numbered text lines (LF or CRLF), decoding ISO-8859-15. Lines come
 * in batches (one per input chunk) so that the parser's hot loop stays synchronous.
 */

export interface Line {
  /** 1-based line number in the entry. */
  number: number;
  /** The line without its end-of-line; for an over-long line, its first characters. */
  text: string;
  /** Set when the line exceeded the length limit and was cut. */
  tooLong?: true;
}

/** ISO-8859-15 differs from Latin-1 at eight code points (€, Š, š, Ž, ž, Œ, œ, Ÿ). */
const ISO_8859_15: Record<string, string> = {
  '\xA4': '\u20AC',
  '\xA6': '\u0160',
  '\xA8': '\u0161',
  '\xB4': '\u017D',
  '\xB8': '\u017E',
  '\xBC': '\u0152',
  '\xBD': '\u0153',
  '\xBE': '\u0178',
};
/** A UTF-8 byte-order mark (EF BB BF) as the ISO-8859-15 decoding reads it. */
const UTF8_BOM = '\xEF\xBB\xBF';
const LATIN1_ONLY = /[\xA4\xA6\xA8\xB4\xB8\xBC-\xBE]/g;
const HAS_LATIN1_ONLY = /[\xA4\xA6\xA8\xB4\xB8\xBC-\xBE]/;

function decodeIso885915(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return HAS_LATIN1_ONLY.test(text) ? text.replace(LATIN1_ONLY, (c) => ISO_8859_15[c] ?? c) : text;
}

/**
 * Yields the lines of `chunks` in batches. Blank lines are numbered but not yielded. A line longer
 * than `maxLineChars` is yielded once, cut, with `tooLong` set, so memory stays bounded. A UTF-8
 * byte-order mark at the start (some editors add one) is skipped.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineChars = 64 * 1024,
): AsyncGenerator<Line[]> {
  let carry = '';
  let number = 0;
  let skipping = false;
  const push = (batch: Line[], raw: string): void => {
    number++;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (number === 1 && text.startsWith(UTF8_BOM)) text = text.slice(UTF8_BOM.length);
    if (text.length > maxLineChars) {
      batch.push({ number, text: text.slice(0, 200), tooLong: true });
    } else if (text.length > 0) {
      batch.push({ number, text });
    }
  };
  for await (const chunk of chunks) {
    const text = decodeIso885915(chunk);
    const batch: Line[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (skipping) {
        skipping = false;
      } else {
        push(batch, start === 0 ? carry + text.slice(0, nl) : text.slice(start, nl));
      }
      if (start === 0) carry = '';
      start = nl + 1;
    }
    if (start === 0) {
      if (!skipping) carry += text;
    } else {
      carry = text.slice(start);
    }
    if (!skipping && carry.length > maxLineChars) {
      // Report the over-long line now and drop the rest of it as it streams in.
      number++;
      batch.push({ number, text: carry.slice(0, 200), tooLong: true });
      carry = '';
      skipping = true;
    }
    if (batch.length > 0) yield batch;
  }
  if (!skipping && carry.length > 0) {
    const batch: Line[] = [];
    push(batch, carry);
    if (batch.length > 0) yield batch;
  }
}
