import { createHash } from 'node:crypto';
import { type StoredObject } from '../ports.js';

/**
 * A pass over an object that hashes the bytes it hands on, so one read serves both parsing and
 * the content's sha256. When the consumer stops early, `digest` reads the rest on its own.
 */
export function hashingReader(object: StoredObject): {
  chunks: AsyncIterable<Uint8Array>;
  digest(): Promise<string>;
} {
  const hash = createHash('sha256');
  let complete = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of object.read()) {
      hash.update(chunk);
      yield chunk;
    }
    complete = true;
  }
  return {
    chunks: chunks(),
    async digest() {
      if (complete) return hash.digest('hex');
      const again = createHash('sha256');
      for await (const chunk of object.read()) again.update(chunk);
      return again.digest('hex');
    },
  };
}
