/**
 * Store contract, continued: the upload instant in the precedence, and a file's readings stored
 * as one unit (upsertReadingBatches), over every adapter.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type Reading } from '../../shared/types.js';
import {
  all,
  CUPS,
  cleanUpStores,
  HOUR,
  prng,
  reading,
  STORE_ADAPTERS,
  shuffled,
  T0,
  winners,
} from '../helpers/store-adapters.js';

afterAll(cleanUpStores);

async function* batchesOf(rows: readonly Reading[], size: number, failAt?: number) {
  for (let i = 0, n = 1; i < rows.length; i += size, n++) {
    if (n === failAt) throw new Error('killed');
    yield rows.slice(i, i + size);
  }
}

/** 50 hours of each supply, in the order the store reads them back (cups, then hour). */
const fileRows = (wh: (h: number) => number, overrides: Partial<Reading> = {}) =>
  [...CUPS]
    .sort()
    .flatMap((cups) =>
      Array.from({ length: 50 }, (_, h) =>
        reading({ cups, hourEnd: T0 + (h + 1) * HOUR, wh: wh(h), ...overrides }),
      ),
    );

describe.each(STORE_ADAPTERS)('Store contract over $name: uploads and units', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('upload instant', () => {
    it('lets a later upload of equal kind, date and version replace, whatever its wh', async () => {
      const store = await adapter.open();
      await store.upsertReadings([reading({ wh: 101, uploadedAt: 1000 })]);

      const later = await store.upsertReadings([reading({ wh: 51, uploadedAt: 2000 })]);
      const earlier = await store.upsertReadings([reading({ wh: 900, uploadedAt: 1500 })]);

      expect(later).toEqual({ inserted: 0, replaced: 1, unchanged: 0 });
      expect(earlier).toEqual({ inserted: 0, replaced: 0, unchanged: 1 });
      expect(await all(store)).toEqual([reading({ wh: 51, uploadedAt: 2000 })]);
    });

    it('counts the same content uploaded later as unchanged, and keeps its later instant', async () => {
      const store = await adapter.open();
      await store.upsertReadings([reading({ uploadedAt: 1000 })]);

      const again = await store.upsertReadings([reading({ uploadedAt: 3000 })]);
      const between = await store.upsertReadings([reading({ wh: 7, uploadedAt: 2000 })]);

      expect(again).toEqual({ inserted: 0, replaced: 0, unchanged: 1 });
      // The refreshed instant makes the upload at 2000 older: order-independent.
      expect(between).toEqual({ inserted: 0, replaced: 0, unchanged: 1 });
      expect(await all(store)).toEqual([reading({ uploadedAt: 3000 })]);
    });

    it('ends with the same table whatever the order, uploads and identical re-uploads included', async () => {
      const rand = prng(11);
      const lines: Reading[] = [];
      for (const uploadedAt of [1000, 2000, 3000, 4000]) {
        for (const cups of CUPS) {
          for (let h = 1; h <= 6; h++) {
            if (rand() < 0.3) continue;
            const wh = Math.floor(rand() * 3) * 10;
            const version = Math.floor(rand() * 2);
            lines.push(reading({ cups, hourEnd: T0 + h * HOUR, wh, version, uploadedAt }));
          }
        }
      }
      // Identical re-uploads: the same content with a later instant.
      const reuploads = lines.filter(() => rand() < 0.3).map((r) => ({ ...r, uploadedAt: 5000 }));
      const every = [...lines, ...reuploads];
      const sorted = winners(every);

      for (const seed of [1, 2, 3]) {
        const store = await adapter.open();
        for (const r of shuffled(every, seed)) await store.upsertReadings([r]);

        expect(await all(store)).toEqual(sorted);
      }
    });
  });

  describe.skipIf(adapter.skip !== undefined)('a file as one unit', () => {
    it('stores every batch and counts as upsertReadings would', async () => {
      const store = await adapter.open();
      const first = fileRows((h) => h, { uploadedAt: 1 });
      const second = fileRows((h) => (h < 10 ? h + 1 : h), { uploadedAt: 2 });

      const a = await store.upsertReadingBatches(batchesOf(first, 40));
      const b = await store.upsertReadingBatches(batchesOf(second, 33));
      const none = await store.upsertReadingBatches(batchesOf([], 10));

      expect(a).toEqual({ inserted: 150, replaced: 0, unchanged: 0 });
      expect(b).toEqual({ inserted: 0, replaced: 30, unchanged: 120 });
      expect(none).toEqual({ inserted: 0, replaced: 0, unchanged: 0 });
      expect(await all(store)).toEqual(second);
    });

    it('ends as a clean call when the batches fail midway and are applied again', async () => {
      const store = await adapter.open();
      const rows = fileRows((h) => h * 2);

      await expect(store.upsertReadingBatches(batchesOf(rows, 40, 3))).rejects.toThrow('killed');
      const midway = await store.countReadings();
      await store.upsertReadingBatches(batchesOf(rows, 40));

      // SQLite: one transaction, nothing of it visible; MongoDB: the batches before the failure.
      expect(midway).toBe(adapter.name === 'sqlite' ? 0 : 80);
      expect(await all(store)).toEqual(rows);
    });
  });
});
