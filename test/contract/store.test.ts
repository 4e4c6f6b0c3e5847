import { afterAll, describe, expect, it } from 'vitest';
import { type Reading } from '../../shared/types.js';
import {
  all,
  CUPS,
  cleanUpStores,
  fileRecord,
  HOUR,
  opened,
  prng,
  reading,
  STORE_ADAPTERS,
  shuffled,
  T0,
  weatherRow,
  winners,
} from '../helpers/store-adapters.js';

for (const { name, skip } of STORE_ADAPTERS) {
  if (skip) console.warn(`Store contract over ${name} skipped: ${skip}`);
}

afterAll(cleanUpStores);

describe.each(STORE_ADAPTERS)('Store contract over $name', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('readings precedence', () => {
    it('replaces P5D by F5D by RF5D and never goes back down', async () => {
      const store = await adapter.open();

      const p5d = await store.upsertReadings([reading({ kind: 'P5D', wh: 1, fileDate: 20250309 })]);
      const f5d = await store.upsertReadings([reading({ kind: 'F5D', wh: 2 })]);
      const rf5d = await store.upsertReadings([
        reading({ kind: 'RF5D', wh: 3, fileDate: 20250101 }),
      ]);
      const again = await store.upsertReadings([
        reading({ kind: 'F5D', wh: 4, fileDate: 20251231 }),
      ]);

      expect([p5d, f5d, rf5d, again]).toEqual([
        { inserted: 1, replaced: 0, unchanged: 0 },
        { inserted: 0, replaced: 1, unchanged: 0 },
        { inserted: 0, replaced: 1, unchanged: 0 },
        { inserted: 0, replaced: 0, unchanged: 1 },
      ]);
      expect(await store.readings(CUPS[0], T0, T0 + HOUR)).toEqual([
        reading({ kind: 'RF5D', wh: 3, fileDate: 20250101 }),
      ]);
    });

    it.each([
      ['a higher version', { version: 2 }],
      ['a later file date', { fileDate: 20250306 }],
      ['a higher wh with equal provenance (tie-break)', { wh: 101 }],
      ['an export where there was none (tie-break)', { exportWh: 0 }],
    ])('replaces a reading by one with %s, and not the reverse', async (_, better) => {
      const low = reading();
      const high = reading(better);
      const store = await adapter.open();

      await store.upsertReadings([low]);
      const up = await store.upsertReadings([high]);
      const down = await store.upsertReadings([low]);

      expect(up).toEqual({ inserted: 0, replaced: 1, unchanged: 0 });
      expect(down).toEqual({ inserted: 0, replaced: 0, unchanged: 1 });
      // The value follows precedence; the hour stays known since the earlier file.
      expect(await store.readings(low.cups, T0, T0 + HOUR)).toEqual([
        { ...high, knownDate: Math.min(low.fileDate, high.fileDate) },
      ]);
    });

    it.each([
      ['P5D first', [0, 1]],
      ['F5D first', [1, 0]],
    ])(
      'keeps the earliest generation date as the known date, %s, the value following precedence',
      async (_, order) => {
        const files = [
          reading({ kind: 'P5D', wh: 1, fileDate: 20250302, method: null, firm: null }),
          reading({ kind: 'F5D', wh: 2, fileDate: 20250405 }),
        ];
        const store = await adapter.open();

        for (const i of order) await store.upsertReadings([files[i]!]);

        expect(await store.readings(CUPS[0], T0, T0 + HOUR)).toEqual([
          { ...files[1]!, knownDate: 20250302 },
        ]);
      },
    );

    it('counts the same file ingested twice as unchanged the second time', async () => {
      const file = CUPS.flatMap((cups) =>
        Array.from({ length: 24 }, (_, h) =>
          reading({ cups, hourEnd: T0 + (h + 1) * HOUR, wh: h }),
        ),
      );
      const store = await adapter.open();

      const first = await store.upsertReadings(file);
      const second = await store.upsertReadings(file);

      expect(first).toEqual({ inserted: file.length, replaced: 0, unchanged: 0 });
      expect(second).toEqual({ inserted: 0, replaced: 0, unchanged: file.length });
      expect(await store.countReadings()).toBe(file.length);
    });

    it('counts a mixed batch as if applied in order, duplicates of a key included', async () => {
      const store = await adapter.open();
      await store.upsertReadings([
        reading({ hourEnd: T0 + HOUR }),
        reading({ hourEnd: T0 + 2 * HOUR, kind: 'RF5D' }),
      ]);

      const counts = await store.upsertReadings([
        reading({ hourEnd: T0 + HOUR, version: 3 }), // replaced
        reading({ hourEnd: T0 + 2 * HOUR }), // unchanged: RF5D stays
        reading({ hourEnd: T0 + 3 * HOUR, wh: 5 }), // inserted
        reading({ hourEnd: T0 + 3 * HOUR, wh: 9, version: 2 }), // replaced (beats the line above)
        reading({ hourEnd: T0 + 3 * HOUR, wh: 7 }), // unchanged (loses to the line above)
      ]);

      expect(counts).toEqual({ inserted: 1, replaced: 2, unchanged: 2 });
      expect((await all(store)).map((r) => [r.hourEnd - T0, r.wh, r.version, r.kind])).toEqual([
        [HOUR, 100, 3, 'F5D'],
        [2 * HOUR, 100, 1, 'RF5D'],
        [3 * HOUR, 9, 2, 'F5D'],
      ]);
    });

    it('ends with the same table whatever the order and batching of the files', async () => {
      // Several sources for overlapping hours, each a "file" with its own provenance.
      const sources = [
        { kind: 'P5D', fileDate: 20250302, version: 0 },
        { kind: 'F5D', fileDate: 20250305, version: 0 },
        { kind: 'F5D', fileDate: 20250305, version: 1 },
        { kind: 'F5D', fileDate: 20250310, version: 0 },
        { kind: 'RF5D', fileDate: 20250401, version: 0 },
      ] as const;
      const rand = prng(7);
      const lines: Reading[] = [];
      for (const [s, source] of sources.entries()) {
        for (const cups of CUPS) {
          for (let h = 1; h <= 8; h++) {
            if (rand() < 0.4) continue; // not every file covers every hour
            const wh = Math.floor(rand() * 3) * 10; // equal provenance, different values: tie-break
            lines.push(reading({ cups, hourEnd: T0 + h * HOUR, wh, ...source, method: s }));
          }
        }
      }
      const sorted = winners(lines);

      for (const [seed, batch] of [
        [1, lines.length],
        [2, 7],
        [3, 1],
      ] as const) {
        const store = await adapter.open();
        const order = shuffled(lines, seed);
        for (let i = 0; i < order.length; i += batch) {
          await store.upsertReadings(order.slice(i, i + batch));
        }
        await store.upsertReadings(shuffled(lines, seed + 10)); // and everything once more

        expect(await all(store)).toEqual(sorted);
      }
    });
  });

  describe.skipIf(adapter.skip !== undefined)('readings queries', () => {
    it('returns one supply with from exclusive and to inclusive, ascending', async () => {
      const store = await adapter.open();
      const rows = CUPS.flatMap((cups) =>
        [4, 1, 3, 2, 5].map((h) => reading({ cups, hourEnd: T0 + h * HOUR, wh: h })),
      );
      await store.upsertReadings(rows);

      const got = await store.readings(CUPS[1], T0 + HOUR, T0 + 4 * HOUR);

      expect(got.map((r) => [r.cups, r.hourEnd - T0])).toEqual([
        [CUPS[1], 2 * HOUR],
        [CUPS[1], 3 * HOUR],
        [CUPS[1], 4 * HOUR],
      ]);
      expect(await store.readings('ES0000000000000000XX', T0, T0 + 9 * HOUR)).toEqual([]);
    });

    it('streams every supply in the window by cups then hour, past one page', async () => {
      const store = await adapter.open();
      const hours = 2600; // two supplies: more than one 4,096-row page
      const rows = [CUPS[1], CUPS[0]].flatMap((cups) =>
        Array.from({ length: hours }, (_, h) =>
          reading({ cups, hourEnd: T0 + (hours - h) * HOUR }),
        ),
      );
      await store.upsertReadings(rows);

      const iterator = store.readingsBetween(T0 + 10 * HOUR, T0 + 2590 * HOUR);
      const got: [string, number][] = [];
      for await (const r of iterator) got.push([r.cups, (r.hourEnd - T0) / HOUR]);

      const expectedHours = Array.from({ length: 2580 }, (_, i) => i + 11);
      expect(got).toEqual([
        ...expectedHours.map((h) => [CUPS[0], h]),
        ...expectedHours.map((h) => [CUPS[1], h]),
      ]);
      expect(await store.countReadings()).toBe(2 * hours);
    });

    it('round-trips nulls, exports and flags', async () => {
      const store = await adapter.open();
      const p5d = reading({ kind: 'P5D', method: null, firm: null, exportWh: 12, wh: 0 });
      const provisional = reading({ hourEnd: T0 + 2 * HOUR, firm: false, method: 5, wh: 1.5 });
      await store.upsertReadings([p5d, provisional]);

      expect(await store.readings(CUPS[0], T0, T0 + 2 * HOUR)).toEqual([p5d, provisional]);
    });
  });

  describe.skipIf(adapter.skip !== undefined)('supplies', () => {
    it('merges patches: reading bounds widen, given fields overwrite, absent fields keep', async () => {
      const store = await adapter.open();
      await store.upsertSupplies([
        {
          cups: CUPS[0],
          zone: 'Atlantic/Canary',
          firstReading: T0 + 5 * HOUR,
          lastReading: T0 + 9 * HOUR,
        },
        { cups: CUPS[1], tariff: '2.0TD' },
      ]);

      await store.upsertSupplies([
        { cups: CUPS[0], firstReading: T0 + 2 * HOUR, lastReading: T0 + 7 * HOUR, segment: 3 },
        { cups: CUPS[0], lastReading: T0 + 12 * HOUR, firstReading: null, province: 'Las Palmas' },
      ]);

      expect(await store.getSupply(CUPS[0])).toEqual({
        cups: CUPS[0],
        zone: 'Atlantic/Canary',
        firstReading: T0 + 2 * HOUR,
        lastReading: T0 + 12 * HOUR,
        location: null,
        latitude: null,
        longitude: null,
        province: 'Las Palmas',
        tariff: null,
        segment: 3,
        active: true,
      });
      expect(await store.getSupply(CUPS[1])).toMatchObject({
        zone: 'Europe/Madrid',
        tariff: '2.0TD',
        firstReading: null,
        active: true,
      });
      expect(await store.getSupply(CUPS[2])).toBeUndefined();
      expect((await store.listSupplies()).map((s) => s.cups)).toEqual([CUPS[0], CUPS[1]]);
    });

    it('sets a field to null or false when the patch says so', async () => {
      const store = await adapter.open();
      await store.upsertSupplies([{ cups: CUPS[0], segment: 2, location: '28.1,-15.4' }]);

      await store.upsertSupplies([{ cups: CUPS[0], segment: null, active: false }]);

      expect(await store.getSupply(CUPS[0])).toMatchObject({
        segment: null,
        active: false,
        location: '28.1,-15.4',
      });
    });
  });

  describe.skipIf(adapter.skip !== undefined)('file ledger', () => {
    it('gets by key, upserts, lists by key and finds the latest done record by hash', async () => {
      const store = await adapter.open();
      const first = fileRecord({ status: 'processing', rowsOk: 0 });
      await store.putFile(first);
      await store.putFile(fileRecord({ object: 'copy', generation: '7', updatedAt: T0 + 5 }));
      await store.putFile(
        fileRecord({ object: 'newer-failed', status: 'failed', updatedAt: T0 + 9 }),
      );

      expect(await store.getFile('raw', first.object, '1')).toEqual(first);
      expect(await store.findDoneBySha('a'.repeat(64))).toEqual(
        fileRecord({ object: 'copy', generation: '7', updatedAt: T0 + 5 }),
      );

      const done = fileRecord({ updatedAt: T0 + 20 });
      await store.putFile(done);

      expect(await store.getFile('raw', first.object, '1')).toEqual(done);
      expect(await store.getFile('raw', first.object, '2')).toBeUndefined();
      expect(await store.findDoneBySha('a'.repeat(64))).toEqual(done);
      expect(await store.findDoneBySha('b'.repeat(64))).toBeUndefined();
      expect((await store.listFiles()).map((f) => f.object)).toEqual([
        first.object,
        'copy',
        'newer-failed',
      ]);
    });
  });

  describe.skipIf(adapter.skip !== undefined)('weather', () => {
    it('upserts by (location, hourEnd, kind, issuedAt) and counts what changed', async () => {
      const store = await adapter.open();
      const rows = [1, 2, 3].map((h) => weatherRow({ hourEnd: T0 + h * HOUR }));
      const first = await store.upsertWeather(rows);

      const second = await store.upsertWeather([
        rows[0]!,
        { ...rows[1]!, temperatureC: 14 },
        weatherRow({ hourEnd: T0 + HOUR, issuedAt: T0 }), // a later issue of the same hour
        weatherRow({ hourEnd: T0 + HOUR, kind: 'observed', issuedAt: T0 + HOUR }),
      ]);

      expect(first).toEqual({ inserted: 3, replaced: 0, unchanged: 0 });
      expect(second).toEqual({ inserted: 2, replaced: 1, unchanged: 1 });
      const forecast = await store.weather('40.42,-3.70', 'forecast', T0 + HOUR, T0 + 3 * HOUR);
      expect(forecast.map((w) => [w.hourEnd - T0, w.temperatureC])).toEqual([
        [2 * HOUR, 14],
        [3 * HOUR, 12.5],
      ]);
      const firstHour = await store.weather('40.42,-3.70', 'forecast', T0, T0 + HOUR);
      expect(firstHour).toEqual([rows[0], weatherRow({ hourEnd: T0 + HOUR, issuedAt: T0 })]);
      expect(await store.weather('40.42,-3.70', 'observed', T0, T0 + 9 * HOUR)).toHaveLength(1);
      expect(await store.weather('0,0', 'forecast', T0, T0 + 9 * HOUR)).toEqual([]);
    });
  });

  describe.skipIf(adapter.skip !== undefined)('weather repeats', () => {
    it('counts a key repeated in one batch against its previous row; the last row wins', async () => {
      const store = await adapter.open();

      const counts = await store.upsertWeather([
        weatherRow(),
        weatherRow({ temperatureC: 20 }),
        weatherRow({ temperatureC: 20 }),
      ]);

      expect(counts).toEqual({ inserted: 1, replaced: 1, unchanged: 1 });
      expect(await store.weather('40.42,-3.70', 'forecast', T0, T0 + HOUR)).toEqual([
        weatherRow({ temperatureC: 20 }),
      ]);
    });
  });
});

// Only the embedded store has a file to open again; MongoDB's durability is the server's.
describe('Store over sqlite: reopening', () => {
  const adapter = STORE_ADAPTERS.find((a) => a.name === 'sqlite')!;

  it('keeps every table when the SQLite file is opened again', async () => {
    const store = await adapter.open();
    await store.upsertReadings([reading()]);
    await store.upsertSupplies([{ cups: CUPS[0], zone: 'Europe/Madrid' }]);
    await store.putFile(fileRecord());
    await store.upsertWeather([weatherRow()]);
    await store.close();

    const again = await store.reopen!();
    opened.push(again);

    expect(await again.readings(CUPS[0], T0, T0 + HOUR)).toEqual([reading()]);
    expect(await again.getSupply(CUPS[0])).toMatchObject({ zone: 'Europe/Madrid' });
    expect(await again.listFiles()).toEqual([fileRecord()]);
    expect(await again.weather('40.42,-3.70', 'forecast', T0, T0 + HOUR)).toEqual([weatherRow()]);
    expect(await again.upsertReadings([reading()])).toEqual({
      inserted: 0,
      replaced: 0,
      unchanged: 1,
    });
  });
});
