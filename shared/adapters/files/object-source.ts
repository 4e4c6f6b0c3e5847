/**
 * Local metering files as an ObjectSource: the object is a file path and its generation a
 * fingerprint of the file's inode and change time (ctime), so any new content under the name, an
 * edit in place that restores the modification time included, is a new generation. The change
 * time is also the generation's upload instant: a later edit wins over an earlier one.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type ObjectSource, type StoredObject } from '../../ports.js';

/** The bucket name local files are ingested under. */
export const LOCAL_BUCKET = 'local';

type Stamp = { generation: string; size: number; uploadedAt: number };

async function stampOf(path: string): Promise<Stamp> {
  const info = await stat(path, { bigint: true });
  return {
    // ctime moves with every write, rename or utimes; only the kernel can set it.
    generation: `${info.size}-${info.mtimeNs}-${info.ctimeNs}-${info.ino}`,
    size: Number(info.size),
    uploadedAt: Number(info.ctimeNs / 1_000_000n),
  };
}

/** Generation of a local file: `<size>-<mtime ns>-<ctime ns>-<inode>`. */
export async function localGeneration(path: string): Promise<string> {
  return (await stampOf(path)).generation;
}

export function createLocalObjectSource(): ObjectSource {
  return {
    async open(_bucket, path, generation): Promise<StoredObject | undefined> {
      let current: Stamp;
      try {
        current = await stampOf(path);
      } catch {
        return undefined;
      }
      if (current.generation !== generation) return undefined;
      return {
        size: current.size,
        uploadedAt: current.uploadedAt,
        read: () => createReadStream(path, { highWaterMark: 1 << 16 }),
      };
    },
  };
}
