import { type Writable } from 'node:stream';

/** Buffers text lines and writes them in large chunks, honouring backpressure. */
export interface LineWriter {
  write(text: string): Promise<void> | undefined;
  end(): Promise<void>;
}

export function createLineWriter(stream: Writable, chunkChars = 1 << 16): LineWriter {
  let buffer = '';
  const flush = (): Promise<void> | undefined => {
    const ok = stream.write(buffer);
    buffer = '';
    if (ok) return undefined;
    return new Promise((resolve) => stream.once('drain', () => resolve()));
  };
  return {
    write(text) {
      buffer += text;
      return buffer.length >= chunkChars ? flush() : undefined;
    },
    async end() {
      if (buffer.length > 0) await flush();
    },
  };
}
