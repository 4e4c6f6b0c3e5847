/**
 * A growable byte buffer for building large ASCII files without intermediate strings: the
 * generator writes tens of millions of short lines, and string concatenation plus encoding
 * dominated its time (profiled: rope flattening and garbage collection).
 */
export interface ByteWriter {
  /** Appends ASCII text (one byte per character; callers pass ASCII only). */
  text(s: string): void;
  /** Appends bytes. */
  bytes(b: Uint8Array, from?: number, to?: number): void;
  /** Appends a non-negative integer in decimal. */
  uint(n: number): void;
  /** Appends one byte. */
  byte(c: number): void;
  /** The bytes written so far (a view, valid until the next write). */
  view(): Uint8Array;
  length(): number;
}

/** Creates a writer with an initial capacity in bytes (it doubles as needed). */
export function createByteWriter(initialBytes = 1 << 20): ByteWriter {
  let buf = new Uint8Array(Math.max(64, initialBytes));
  let pos = 0;
  const digits = new Uint8Array(16);
  const ensure = (extra: number): void => {
    if (pos + extra <= buf.length) return;
    let size = buf.length * 2;
    while (size < pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(buf.subarray(0, pos));
    buf = next;
  };
  return {
    text(s) {
      ensure(s.length);
      for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
    },
    bytes(b, from = 0, to = b.length) {
      ensure(to - from);
      for (let i = from; i < to; i++) buf[pos++] = b[i]!;
    },
    uint(n) {
      ensure(16);
      let v = Math.trunc(n);
      if (v === 0) {
        buf[pos++] = 48;
        return;
      }
      let k = 0;
      while (v > 0) {
        const q = Math.floor(v / 10);
        digits[k++] = 48 + (v - q * 10);
        v = q;
      }
      while (k > 0) buf[pos++] = digits[--k]!;
    },
    byte(c) {
      ensure(1);
      buf[pos++] = c;
    },
    view: () => buf.subarray(0, pos),
    length: () => pos,
  };
}

/** ASCII bytes of a string. */
export function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
