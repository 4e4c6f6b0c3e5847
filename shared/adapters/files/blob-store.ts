/**
 * BlobStore over a local folder: the key `a/b.json` is the file `ROOT/a/b.json`, so a person can
 * drop metering files in by hand. A generation is the file's modification time in whole
 * microseconds: it changes with every write, travels with the data through rename (it is an inode
 * property) and needs no sidecar. Writes go to a temp file that is renamed (or, for create-only,
 * hard-linked) into place under a per-key lock file opened with O_EXCL, so two processes sharing the
 * folder cannot both win a precondition. Unlike GCS, a key cannot also be a folder of other keys
 * (`a` and `a/b`): such a write fails with InvalidInputError.
 */
import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, open, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidInputError, PreconditionFailedError, TransientError } from '../../errors.js';
import { type BlobObject, type BlobStore, type PutOptions } from '../../ports.js';
import { assertBlobKey, assertBlobPrefix, RESERVED_SEGMENT } from '../blob-key.js';

export interface FileBlobStoreOptions {
  /** How long a writer waits for another writer's lock on the same key (ms). */
  lockTimeoutMs?: number;
  /** A lock file older than this is left over from a crashed writer and is removed (ms). */
  staleLockMs?: number;
}

const DEFAULTS = { lockTimeoutMs: 10_000, staleLockMs: 30_000 } as const;
const LOCK_POLL_MS = 5;

type BigStats = Awaited<ReturnType<typeof statBig>>;

function statBig(path: string) {
  return stat(path, { bigint: true });
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error ? String(error.code) : undefined;
}

/** The generation: mtime in whole microseconds. */
function generationOf(stats: BigStats): bigint {
  return stats.mtimeNs / 1000n;
}

/**
 * Sets a file's mtime to `generationUs` microseconds. The half microsecond keeps the double's
 * rounding (< 0.25 µs until 2106) from flooring to the previous microsecond.
 */
async function stampGeneration(file: string, generationUs: bigint): Promise<void> {
  const seconds = (Number(generationUs) + 0.5) / 1e6;
  await utimes(file, seconds, seconds);
}

/** A key whose folder is a file, or which is itself a folder, cannot be written here. */
function folderClash(key: string, error: unknown): unknown {
  const code = errorCode(error);
  if (code !== 'ENOTDIR' && code !== 'EEXIST' && code !== 'EISDIR') return error;
  return new InvalidInputError(`Blob key "${key}" clashes with a folder or file of another key`, {
    cause: error,
    details: { key },
  });
}

async function statOrUndefined(path: string): Promise<BigStats | undefined> {
  try {
    return await statBig(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Opens the folder `root` (created on first write) as a BlobStore.
 * @throws InvalidInputError from every method for a key that is absolute or escapes with `..`.
 */
export function createFileBlobStore(root: string, options: FileBlobStoreOptions = {}): BlobStore {
  const opts = { ...DEFAULTS, ...options };
  const base = resolve(root);
  const tmpDir = join(base, RESERVED_SEGMENT, 'tmp');
  const lockDir = join(base, RESERVED_SEGMENT, 'locks');
  const fileOf = (key: string) => join(base, ...key.split('/'));

  async function acquireLock(key: string, nowNs: bigint): Promise<string> {
    // Hashed: a key can be longer than a file name may be.
    const lock = join(lockDir, createHash('sha256').update(key).digest('hex'));
    let waitedMs = 0;
    for (;;) {
      try {
        await (await open(lock, 'wx')).close();
        return lock;
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const held = await statOrUndefined(lock);
      // A crashed writer leaves its lock behind; its age is measured on the file system's clock.
      if (held && nowNs - held.mtimeNs > BigInt(opts.staleLockMs) * 1_000_000n) {
        await unlink(lock).catch(() => undefined);
        continue;
      }
      if (waitedMs >= opts.lockTimeoutMs) {
        throw new TransientError(`Blob key "${key}" is locked by another writer`, {
          details: { lock },
        });
      }
      await sleep(LOCK_POLL_MS);
      waitedMs += LOCK_POLL_MS;
    }
  }

  async function writeTemp(bytes: Uint8Array): Promise<{ tmp: string; nowNs: bigint }> {
    await mkdir(tmpDir, { recursive: true });
    await mkdir(lockDir, { recursive: true });
    const tmp = join(tmpDir, `${process.pid}-${randomUUID()}.tmp`);
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.datasync();
      return { tmp, nowNs: (await handle.stat({ bigint: true })).mtimeNs };
    } finally {
      await handle.close();
    }
  }

  async function commit(key: string, tmp: string, nowNs: bigint, match?: string): Promise<string> {
    const target = fileOf(key);
    await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
      throw folderClash(key, error);
    });
    const current = await statOrUndefined(target);
    if (match !== undefined) {
      const actual = current ? generationOf(current).toString() : '0';
      if (actual !== match) {
        throw new PreconditionFailedError(
          `Blob "${key}" is at generation ${actual}, not ${match}`,
          {
            details: { key, expected: match, actual },
          },
        );
      }
    }
    // Strictly increasing per key, even for two writes within one clock tick.
    const nowUs = nowNs / 1000n;
    const generation =
      current && generationOf(current) >= nowUs ? generationOf(current) + 1n : nowUs;
    await stampGeneration(tmp, generation);
    if (match === '0') {
      // link() refuses an existing target atomically: a second guard besides the lock.
      try {
        await link(tmp, target);
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw folderClash(key, error);
        throw new PreconditionFailedError(`Blob "${key}" already exists`, { details: { key } });
      }
    } else {
      await rename(tmp, target).catch((error: unknown) => {
        throw folderClash(key, error);
      });
    }
    return generation.toString();
  }

  return {
    async put(path: string, bytes: Uint8Array, putOptions: PutOptions = {}): Promise<string> {
      assertBlobKey(path);
      const { tmp, nowNs } = await writeTemp(bytes);
      try {
        const lock = await acquireLock(path, nowNs);
        try {
          return await commit(path, tmp, nowNs, putOptions.ifGenerationMatch);
        } finally {
          await unlink(lock).catch(() => undefined);
        }
      } finally {
        // Gone after a rename; still there after a link or a refused precondition.
        await unlink(tmp).catch(() => undefined);
      }
    },

    async get(path: string): Promise<BlobObject | undefined> {
      assertBlobKey(path);
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(fileOf(path), 'r');
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw error;
      }
      try {
        // Stat and read the same open inode, so bytes and generation always belong together.
        const stats = await handle.stat({ bigint: true });
        if (!stats.isFile()) return undefined;
        const bytes = new Uint8Array(await handle.readFile());
        return { bytes, generation: generationOf(stats).toString() };
      } finally {
        await handle.close();
      }
    },

    async list(prefix: string): Promise<string[]> {
      assertBlobPrefix(prefix);
      const cut = prefix.lastIndexOf('/');
      const startKey = cut < 0 ? '' : prefix.slice(0, cut);
      const found: string[] = [];
      await walk(startKey === '' ? base : fileOf(startKey), startKey, prefix, found);
      return found.sort();
    },

    async exists(path: string): Promise<boolean> {
      assertBlobKey(path);
      return (await statOrUndefined(fileOf(path)))?.isFile() ?? false;
    },
  };
}

/** Collects the file keys under `dir` (whose key is `dirKey`) that start with `prefix`. */
async function walk(dir: string, dirKey: string, prefix: string, found: string[]): Promise<void> {
  let entries: Awaited<ReturnType<typeof readdirTyped>>;
  try {
    entries = await readdirTyped(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return;
    throw error;
  }
  for (const entry of entries) {
    if (dirKey === '' && entry.name === RESERVED_SEGMENT) continue;
    const key = dirKey === '' ? entry.name : `${dirKey}/${entry.name}`;
    if (entry.isDirectory()) {
      const asFolder = `${key}/`;
      if (asFolder.startsWith(prefix) || prefix.startsWith(asFolder)) {
        await walk(join(dir, entry.name), key, prefix, found);
      }
    } else if (entry.isFile() && key.startsWith(prefix)) {
      found.push(key);
    }
  }
}

function readdirTyped(dir: string) {
  return readdir(dir, { withFileTypes: true });
}
