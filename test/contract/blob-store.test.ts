import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileBlobStore } from '../../shared/adapters/files/blob-store.js';
import { InvalidInputError, PreconditionFailedError } from '../../shared/errors.js';
import { type BlobStore } from '../../shared/ports.js';
import { openBlobStore } from '../../shared/runtime/open-blob-store.js';
import { createBucket, gcsSkipReason, uniqueName } from '../helpers/emulators.js';

interface Adapter {
  name: string;
  skip: string | undefined;
  open(): Promise<BlobStore>;
}

const folders: string[] = [];

const ADAPTERS: Adapter[] = [
  {
    name: 'files',
    skip: undefined,
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'mce-blobs-'));
      folders.push(dir);
      return createFileBlobStore(dir);
    },
  },
  {
    name: 'gcs',
    skip: gcsSkipReason(),
    async open() {
      const bucket = uniqueName('contract');
      await createBucket(bucket);
      return openBlobStore(`gs://${bucket}/some/prefix`, {
        storageEmulatorHost: process.env.STORAGE_EMULATOR_HOST,
      });
    },
  },
];

for (const { name, skip } of ADAPTERS) {
  if (skip) console.warn(`BlobStore contract over ${name} skipped: ${skip}`);
}

afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array | undefined) =>
  b === undefined ? undefined : new TextDecoder().decode(b);

describe.each(ADAPTERS)('BlobStore contract over $name', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('put, get, list, exists', () => {
    it('returns the exact bytes and the generation put returned', async () => {
      const store = await adapter.open();
      const bytes = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);

      const generation = await store.put('files/raw.bin', bytes, {
        contentType: 'application/octet-stream',
      });
      const got = await store.get('files/raw.bin');

      expect(got?.generation).toBe(generation);
      expect(Array.from(got?.bytes ?? [])).toEqual(Array.from(bytes));
    });

    it('returns undefined for a missing object and exists() says false', async () => {
      const store = await adapter.open();
      await store.put('present.txt', text('x'));

      expect(await store.get('absent.txt')).toBeUndefined();
      expect(await store.exists('absent.txt')).toBe(false);
      expect(await store.exists('present.txt')).toBe(true);
    });

    it('lists the keys under a prefix, sorted, and nothing else', async () => {
      const store = await adapter.open();
      for (const key of [
        'models/v2/model.json',
        'models/v1/manifest.json',
        'models/v1/model.json',
        'modelsx/a',
        'other/b',
      ]) {
        await store.put(key, text(key));
      }

      expect(await store.list('models/')).toEqual([
        'models/v1/manifest.json',
        'models/v1/model.json',
        'models/v2/model.json',
      ]);
      expect(await store.list('models/v1/ma')).toEqual(['models/v1/manifest.json']);
      expect(await store.list('model')).toEqual([
        'models/v1/manifest.json',
        'models/v1/model.json',
        'models/v2/model.json',
        'modelsx/a',
      ]);
      expect(await store.list('nothing/')).toEqual([]);
      expect((await store.list('')).length).toBe(5);
    });

    it('rejects keys that escape with .. or are absolute', async () => {
      const store = await adapter.open();

      await expect(store.put('../escape', text('x'))).rejects.toBeInstanceOf(InvalidInputError);
      await expect(store.get('a/../../b')).rejects.toBeInstanceOf(InvalidInputError);
      await expect(store.exists('/etc/passwd')).rejects.toBeInstanceOf(InvalidInputError);
      await expect(store.list('../')).rejects.toBeInstanceOf(InvalidInputError);
    });
  });

  describe.skipIf(adapter.skip !== undefined)('generation preconditions', () => {
    it('lets exactly one of two concurrent create-only writers win', async () => {
      const store = await adapter.open();

      const results = await Promise.allSettled([
        store.put('stages.json', text('writer A'), { ifGenerationMatch: '0' }),
        store.put('stages.json', text('writer B'), { ifGenerationMatch: '0' }),
      ]);

      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(PreconditionFailedError);
      const winner = results[0]?.status === 'fulfilled' ? 'writer A' : 'writer B';
      const got = await store.get('stages.json');
      expect(decode(got?.bytes)).toBe(winner);
      expect(got?.generation).toBe(won[0]?.status === 'fulfilled' ? won[0].value : 'none');
    });

    it('refuses create-only when the object exists and keeps its content', async () => {
      const store = await adapter.open();
      const first = await store.put('once.json', text('first'));

      await expect(
        store.put('once.json', text('second'), { ifGenerationMatch: '0' }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      const got = await store.get('once.json');
      expect(decode(got?.bytes)).toBe('first');
      expect(got?.generation).toBe(first);
    });

    it('replaces with the current generation and refuses the stale one', async () => {
      const store = await adapter.open();
      const g1 = await store.put('stages.json', text('v1'), { ifGenerationMatch: '0' });

      const g2 = await store.put('stages.json', text('v2'), { ifGenerationMatch: g1 });
      const stale = store.put('stages.json', text('v3'), { ifGenerationMatch: g1 });

      expect(g2).not.toBe(g1);
      await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
      const got = await store.get('stages.json');
      expect(decode(got?.bytes)).toBe('v2');
      expect(got?.generation).toBe(g2);
    });

    it('refuses a replace-only write of a missing object', async () => {
      const store = await adapter.open();

      await expect(
        store.put('missing.json', text('x'), { ifGenerationMatch: '12345' }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await store.exists('missing.json')).toBe(false);
    });

    it('gives every unconditional write a new generation', async () => {
      const store = await adapter.open();

      const generations = [];
      for (let i = 0; i < 3; i++) generations.push(await store.put('log.txt', text(`v${i}`)));

      expect(new Set(generations).size).toBe(3);
      expect((await store.get('log.txt'))?.generation).toBe(generations[2]);
    });
  });
});
