import { type OpenScratch, type ScratchFile } from '../../shared/ports.js';

/** Scratch files in memory, for tests; `open` counts the ones not yet discarded. */
export function createMemoryScratch(): OpenScratch & { open: number } {
  const factory = async (): Promise<ScratchFile> => {
    let bytes = new Uint8Array(1024);
    let end = 0;
    const ensure = (size: number) => {
      if (size <= bytes.length) return;
      const grown = new Uint8Array(Math.max(size, bytes.length * 2));
      grown.set(bytes.subarray(0, end));
      bytes = grown;
    };
    factory.open++;
    let live = true;
    return {
      async append(chunk) {
        ensure(end + chunk.length);
        bytes.set(chunk, end);
        end += chunk.length;
      },
      async writeAt(chunk, position) {
        ensure(position + chunk.length);
        bytes.set(chunk, position);
        end = Math.max(end, position + chunk.length);
      },
      async readAt(into, position) {
        const n = Math.max(0, Math.min(into.length, end - position));
        into.set(bytes.subarray(position, position + n));
        return n;
      },
      async discard() {
        if (live) factory.open--;
        live = false;
      },
    };
  };
  factory.open = 0;
  return factory;
}
