/**
 * Local metering files as an ObjectSource: the object is a file path and its generation a
 * fingerprint of its size and modification time, so an edited file is a new generation.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type ObjectSource, type StoredObject } from '../../ports.js';

/** The bucket name local files are ingested under. */
export const LOCAL_BUCKET = 'local';

/** Generation of a local file: `<size>-<mtime ms>`. */
export async function localGeneration(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.size}-${Math.trunc(info.mtimeMs)}`;
}

export function createLocalObjectSource(): ObjectSource {
  return {
    async open(_bucket, path, generation): Promise<StoredObject | undefined> {
      let current: string;
      try {
        current = await localGeneration(path);
      } catch {
        return undefined;
      }
      if (current !== generation) return undefined;
      const { size } = await stat(path);
      return { size, read: () => createReadStream(path, { highWaterMark: 1 << 16 }) };
    },
  };
}
