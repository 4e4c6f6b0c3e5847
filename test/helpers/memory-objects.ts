import { type ObjectSource } from '../../shared/ports.js';

/**
 * An ObjectSource over uploads kept in memory: put(bucket, object, bytes) returns the generation,
 * a counter that is also the upload instant (a later put is a later upload).
 */
export function createMemoryObjects(): ObjectSource & {
  put(bucket: string, object: string, bytes: Uint8Array): string;
  reads: number;
} {
  const objects = new Map<string, Uint8Array>();
  let generation = 1000;
  const self = {
    reads: 0,
    put(bucket: string, object: string, bytes: Uint8Array): string {
      generation += 1;
      objects.set(`${bucket}/${object}#${generation}`, Uint8Array.from(bytes));
      return String(generation);
    },
    async open(bucket: string, object: string, gen: string) {
      const bytes = objects.get(`${bucket}/${object}#${gen}`);
      if (!bytes) return undefined;
      return {
        size: bytes.length,
        uploadedAt: Number(gen),
        async *read() {
          self.reads++;
          for (let i = 0; i < bytes.length; i += 8192) yield bytes.subarray(i, i + 8192);
        },
      };
    },
  };
  return self;
}
