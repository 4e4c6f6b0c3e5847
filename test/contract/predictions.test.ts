import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';
import { type PredictionStore } from '../../shared/ports.js';
import { openStore } from '../../shared/runtime/open-store.js';
import { type PredictionRow, type Stage } from '../../shared/types.js';
import { runRecord, supplyDay } from '../helpers/forecast-records.js';
import {
  CUPS,
  cleanUpStores,
  HOUR,
  opened,
  reading,
  STORE_ADAPTERS,
  T0,
} from '../helpers/store-adapters.js';

for (const { name, skip } of STORE_ADAPTERS) {
  if (skip) console.warn(`Prediction store contract over ${name} skipped: ${skip}`);
}

afterAll(cleanUpStores);

async function dayRows(store: PredictionStore, stage: Stage, day: string) {
  const rows: PredictionRow[] = [];
  for await (const row of store.predictionsOfDay(stage, day)) rows.push(row);
  return rows;
}

/** The (runId, wh) pairs per supply of one day, to see which run each supply-day holds. */
async function runsBySupply(store: PredictionStore, stage: Stage, day: string) {
  const out: Record<string, string[]> = {};
  for (const row of await dayRows(store, stage, day)) {
    const list = out[row.cups] ?? [];
    list.push(row.runId);
    out[row.cups] = list;
  }
  return Object.fromEntries(Object.entries(out).map(([cups, ids]) => [cups, [...new Set(ids)]]));
}

describe.each(STORE_ADAPTERS)('Prediction store contract over $name', (adapter) => {
  describe.skipIf(adapter.skip !== undefined)('writes and reads', () => {
    it('keeps prod and pre apart and reads one day by cups then hour (23 and 25 hours)', async () => {
      const store = await adapter.open();
      await store.replacePredictions('prod', [
        supplyDay(CUPS[1], '2024-03-31'),
        supplyDay(CUPS[0], '2024-03-31', { fallback: 'new-supply' }),
        supplyDay(CUPS[0], '2024-10-27', { base: 7.25 }),
      ]);
      await store.replacePredictions('pre', [supplyDay(CUPS[2], '2024-03-31', { runId: 'p' })]);

      const march = await dayRows(store, 'prod', '2024-03-31');
      const october = await dayRows(store, 'prod', '2024-10-27');

      expect(march).toHaveLength(2 * 23);
      expect(march.map((r) => r.cups)).toEqual([
        ...Array(23).fill(CUPS[0]),
        ...Array(23).fill(CUPS[1]),
      ]);
      const first = supplyDay(CUPS[0], '2024-03-31', { fallback: 'new-supply' });
      expect(march.slice(0, 23)).toEqual(
        first.hours.map((h) => ({
          ...h,
          stage: 'prod',
          cups: CUPS[0],
          day: '2024-03-31',
          modelVersion: 'v1',
          runId: 'run-a',
          issuedAt: first.issuedAt,
        })),
      );
      expect(october).toHaveLength(25);
      expect(october[0]).toMatchObject({ wh: 7.25, p10: 7.25 * 0.9, fallback: null });
      expect((await dayRows(store, 'pre', '2024-03-31')).map((r) => r.cups)).toEqual(
        Array(23).fill(CUPS[2]),
      );
      expect(await dayRows(store, 'pre', '2024-10-27')).toEqual([]);
    });

    it('reads one supply over a range of days, bounds included, ascending', async () => {
      const store = await adapter.open();
      const days = ['2024-05-04', '2024-05-01', '2024-05-03', '2024-05-02'];
      await store.replacePredictions(
        'pre',
        days.flatMap((day) => [supplyDay(CUPS[0], day), supplyDay(CUPS[1], day)]),
      );

      const rows = await store.supplyPredictions('pre', CUPS[0], '2024-05-02', '2024-05-03');

      expect(rows).toHaveLength(48);
      expect(new Set(rows.map((r) => r.day))).toEqual(new Set(['2024-05-02', '2024-05-03']));
      expect(rows.every((r, i) => i === 0 || r.hourEnd > (rows[i - 1] as PredictionRow).hourEnd));
      expect(rows.every((r) => r.cups === CUPS[0] && r.stage === 'pre')).toBe(true);
      expect(await store.supplyPredictions('prod', CUPS[0], '2024-05-01', '2024-05-04')).toEqual(
        [],
      );
    });

    it('streams a day of many supplies past one page', async () => {
      const store = await adapter.open();
      const cups = Array.from({ length: 180 }, (_, i) => `ES00${String(i).padStart(14, '0')}AB`);
      await store.replacePredictions(
        'prod',
        [...cups].reverse().map((c) => supplyDay(c, '2024-06-01')),
      );

      const rows = await dayRows(store, 'prod', '2024-06-01');

      expect(rows).toHaveLength(180 * 24);
      expect(rows.filter((_, i) => i % 24 === 0).map((r) => r.cups)).toEqual(cups);
    });
  });

  describe.skipIf(adapter.skip !== undefined)('re-runs', () => {
    it('replaces each supply-day whole: every supply holds one run, never a mix', async () => {
      const store = await adapter.open();
      const day = '2024-10-27';
      const a = CUPS.map((c) => supplyDay(c, day, { runId: 'run-a', base: 100 }));
      const b = [CUPS[0], CUPS[2]].map((c) =>
        supplyDay(c, day, { runId: 'run-b', base: 500, issuedAt: a[0]!.issuedAt + 60_000 }),
      );
      await store.replacePredictions('prod', a);

      const counts = await store.replacePredictions('prod', b);

      expect(counts).toEqual({ written: 2, keptNewer: 0 });
      expect(await runsBySupply(store, 'prod', day)).toEqual({
        [CUPS[0]]: ['run-b'],
        [CUPS[1]]: ['run-a'],
        [CUPS[2]]: ['run-b'],
      });
      const rows = await dayRows(store, 'prod', day);
      expect(rows).toHaveLength(3 * 25);
      expect(rows.filter((r) => r.runId === 'run-b').every((r) => r.wh >= 500)).toBe(true);
    });

    it('keeps a supply-day of a later-issued run and rewrites the same run identically', async () => {
      const store = await adapter.open();
      const day = '2024-03-31';
      const newer = supplyDay(CUPS[0], day, { runId: 'run-b', base: 9, issuedAt: 2000 });
      const older = supplyDay(CUPS[0], day, { runId: 'run-a', base: 1, issuedAt: 1000 });
      await store.replacePredictions('prod', [newer]);
      const before = await dayRows(store, 'prod', day);

      const late = await store.replacePredictions('prod', [older]);
      const again = await store.replacePredictions('prod', [newer]);

      expect(late).toEqual({ written: 0, keptNewer: 1 });
      expect(again).toEqual({ written: 1, keptNewer: 0 });
      expect(await dayRows(store, 'prod', day)).toEqual(before);
    });
  });
});

describe('SQLite schema version 1 -> current', () => {
  it('adds the prediction and run tables to a version 1 file and keeps its readings', async () => {
    // Prepare: a store file turned back into version 1 (the newer tables and columns dropped).
    const dir = mkdtempSync(join(tmpdir(), 'mce-migrate-'));
    const config = { ...loadConfig({}), storeUrl: `sqlite:${join(dir, 'mce.db')}` };
    const first = await openStore(config);
    await first.upsertReadings([reading()]);
    await first.close();
    const db = new DatabaseSync(join(dir, 'mce.db'));
    const tables = ['predictions_prod', 'predictions_pre', 'runs', 'run_batches'];
    for (const t of tables) db.exec(`DROP TABLE ${t}`);
    db.exec('ALTER TABLE readings DROP COLUMN uploaded_at');
    db.exec('PRAGMA user_version = 1');
    db.close();

    // Act
    const store = await openStore(config);
    opened.push(store);
    await store.replacePredictions('pre', [supplyDay(CUPS[0], '2024-01-01')]);
    await store.startRun(runRecord());

    // Assess
    expect(await store.readings(CUPS[0], T0, T0 + HOUR)).toEqual([reading()]);
    expect(await dayRows(store, 'pre', '2024-01-01')).toHaveLength(24);
    expect(await store.getRun(runRecord())).toEqual(runRecord());
    rmSync(dir, { recursive: true, force: true });
  });
});
