/** Guarantees of the folder BlobStore beyond the shared contract: locks, hand-made files, cleanup. */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileBlobStore } from '../../shared/adapters/files/blob-store.js';
import { InvalidInputError, PreconditionFailedError, TransientError } from '../../shared/errors.js';

let root: string;
const text = (s: string) => new TextEncoder().encode(s);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mce-files-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function holdLock(key: string, ageSeconds = 0): Promise<string> {
  const dir = join(root, '.mce', 'locks');
  await mkdir(dir, { recursive: true });
  const lock = join(dir, createHash('sha256').update(key).digest('hex'));
  await writeFile(lock, '');
  if (ageSeconds > 0) {
    const then = (await stat(lock)).mtimeMs / 1000 - ageSeconds;
    await utimes(lock, then, then);
  }
  return lock;
}

describe('createFileBlobStore', () => {
  it('gives strictly increasing generations to rapid writes of one key', async () => {
    const store = createFileBlobStore(root);

    const generations: bigint[] = [];
    for (let i = 0; i < 20; i++) generations.push(BigInt(await store.put('k', text(String(i)))));

    for (let i = 1; i < generations.length; i++) {
      expect(generations[i]! > generations[i - 1]!).toBe(true);
    }
  });

  it('reads a file dropped in by hand, with its mtime in microseconds as generation', async () => {
    const store = createFileBlobStore(root);
    await mkdir(join(root, 'inbox'));
    await writeFile(join(root, 'inbox', 'F5D_0031_20250101.0'), 'hand made');

    const got = await store.get('inbox/F5D_0031_20250101.0');

    const stats = await stat(join(root, 'inbox', 'F5D_0031_20250101.0'), { bigint: true });
    expect(new TextDecoder().decode(got?.bytes)).toBe('hand made');
    expect(got?.generation).toBe((stats.mtimeNs / 1000n).toString());
    expect(await store.list('inbox/')).toEqual(['inbox/F5D_0031_20250101.0']);
  });

  it('waits for a lock held by another writer and writes once it is released', async () => {
    const store = createFileBlobStore(root);
    const lock = await holdLock('stages.json');

    const pending = store.put('stages.json', text('after'), { ifGenerationMatch: '0' });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.exists('stages.json')).toBe(false);
    await rm(lock);

    await expect(pending).resolves.toMatch(/^\d+$/);
  });

  it('gives up with TransientError when the lock stays held', async () => {
    const store = createFileBlobStore(root, { lockTimeoutMs: 40 });
    await holdLock('stages.json');

    await expect(store.put('stages.json', text('x'))).rejects.toBeInstanceOf(TransientError);
  });

  it('removes a lock left behind by a crashed writer', async () => {
    const store = createFileBlobStore(root, { lockTimeoutMs: 40, staleLockMs: 5_000 });
    await holdLock('stages.json', 60);

    await expect(store.put('stages.json', text('x'))).resolves.toMatch(/^\d+$/);
  });

  it('leaves no temp or lock files behind, whether a write wins or loses', async () => {
    const store = createFileBlobStore(root);
    await store.put('a/b.json', text('1'), { ifGenerationMatch: '0' });
    await expect(
      store.put('a/b.json', text('2'), { ifGenerationMatch: '0' }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(
      store.put('a/b.json', text('3'), { ifGenerationMatch: '1' }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);

    expect(await readdir(join(root, '.mce', 'tmp'))).toEqual([]);
    expect(await readdir(join(root, '.mce', 'locks'))).toEqual([]);
    expect(await store.list('')).toEqual(['a/b.json']);
  });

  it('lets exactly one of many concurrent create-only writers win', async () => {
    const stores = Array.from({ length: 8 }, () => createFileBlobStore(root));

    const results = await Promise.allSettled(
      stores.map((store, i) => store.put('once', text(`w${i}`), { ifGenerationMatch: '0' })),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.filter((r) => r.status === 'rejected');
    expect(lost.every((r) => r.reason instanceof PreconditionFailedError)).toBe(true);
  });

  it('refuses with InvalidInputError a key that is a folder of other keys, or inside a file', async () => {
    const store = createFileBlobStore(root);
    await store.put('models/v1/model.json', text('{}'));

    await expect(store.put('models/v1', text('x'))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.put('models/v1/model.json/extra', text('x'))).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(await store.get('models/v1')).toBeUndefined();
    expect(await store.list('')).toEqual(['models/v1/model.json']);
  });

  it('writes keys longer than a file name may be', async () => {
    const store = createFileBlobStore(root);
    const key = `${'a'.repeat(200)}/${'b'.repeat(200)}`;

    await store.put(key, text('long'));

    expect(await store.exists(key)).toBe(true);
  });
});
