import { PreconditionFailedError } from '../../shared/errors.js';
import { type BlobObject, type BlobStore, type PutOptions } from '../../shared/ports.js';

/**
 * An in-memory BlobStore honouring generation preconditions like GCS: ifGenerationMatch '0' means
 * create only, any other value replace only that generation. Each call yields to the event loop
 * first, so concurrent writers really interleave.
 */
export function createMemoryBlobStore(): BlobStore & { paths(): string[] } {
  const objects = new Map<string, BlobObject>();
  let counter = 0;
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    async put(path: string, bytes: Uint8Array, options: PutOptions = {}): Promise<string> {
      await tick();
      const current = objects.get(path);
      const want = options.ifGenerationMatch;
      if (want !== undefined) {
        const actual = current?.generation ?? '0';
        if (actual !== want) {
          throw new PreconditionFailedError(`Generation of ${path} is ${actual}, not ${want}`);
        }
      }
      counter += 1;
      const generation = String(counter);
      objects.set(path, { bytes: Uint8Array.from(bytes), generation });
      return generation;
    },
    async get(path: string): Promise<BlobObject | undefined> {
      await tick();
      const found = objects.get(path);
      return found === undefined
        ? undefined
        : { bytes: Uint8Array.from(found.bytes), generation: found.generation };
    },
    async list(prefix: string): Promise<string[]> {
      await tick();
      return [...objects.keys()].filter((p) => p.startsWith(prefix)).sort();
    },
    async exists(path: string): Promise<boolean> {
      await tick();
      return objects.has(path);
    },
    paths: () => [...objects.keys()].sort(),
  };
}
