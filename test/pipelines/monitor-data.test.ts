import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, localDayBoundsUtc } from '../../shared/calendar/zone.js';
import { forecastWeatherLookup } from '../../shared/forecast/supply-days.js';
import { forecastDay } from '../../shared/models/model-forecast.js';
import { loadBatchData } from '../../shared/pipelines/forecast-data.js';
import { originFeatures } from '../../shared/pipelines/monitor-data.js';
import { loadModel } from '../../shared/registry/load-model.js';
import {
  buildForecastFixture,
  type ForecastFixture,
  fillStore,
  MARCH_DAY,
  OCTOBER_DAY,
} from '../helpers/forecast-fixture.js';
import { cleanUpStores, STORE_ADAPTERS } from '../helpers/store-adapters.js';

let fixture: ForecastFixture;
const sqlite = STORE_ADAPTERS.find((a) => a.name === 'sqlite')!;

beforeAll(async () => {
  fixture = await buildForecastFixture();
}, 60_000);
afterAll(async () => {
  fixture?.cleanUp();
  await cleanUpStores();
});

describe('originFeatures', () => {
  it.each([
    [MARCH_DAY, 23],
    [OCTOBER_DAY, 25],
  ])(
    'rebuilds the rows forecasting built for %s (%i hours), supply by supply',
    async (day, hours) => {
      // Prepare: what a forecast batch of every supply sees, through the forecast path itself.
      const store = await sqlite.open();
      const supplies = await fillStore(store, fixture, { day });
      const model = await loadModel(fixture.blobs, { version: fixture.prod });
      const cups = supplies.map((s) => s.cups);
      const data = await loadBatchData(store, cups, day, model.manifest.data.dataLatencyDays);
      const forecast = forecastDay(model, data.features, day, forecastWeatherLookup(data.weather));

      // Act
      const origin = await originFeatures(
        { store },
        { day, cups: [...cups, 'ES0000000000000000XX'], model },
      );

      // Assess: the same rows, each under its supply's CUPS, every hour of the day once.
      expect(origin.cups).toEqual(cups);
      expect(origin.missing).toEqual([{ cups: 'ES0000000000000000XX', reason: 'unknown supply' }]);
      expect(origin.set.x.nRows).toBe(cups.length * hours);
      const [start] = localDayBoundsUtc(day, 'Europe/Madrid');
      for (const [i, f] of forecast.entries()) {
        const rows = [...origin.set.supply.keys()].filter((r) => origin.set.supply[r] === i);
        const nCols = origin.set.x.nCols;
        const x = rows.flatMap((r) => [...origin.set.x.data.subarray(r * nCols, (r + 1) * nCols)]);
        expect(origin.cups[i]).toBe(f.cups);
        expect(origin.segments[i]).toBe(f.segment);
        expect(rows.map((r) => origin.set.hourEnd[r])).toEqual(
          Array.from({ length: hours }, (_, h) => start + (h + 1) * HOUR_MS),
        );
        expect(x).toEqual([...f.features.x.data]);
        expect(rows.map((r) => origin.set.levelWh[r])).toEqual([...f.features.levelWh]);
      }
    },
  );

  it('gives an empty set when no supply is known', async () => {
    const store = await sqlite.open();
    const model = await loadModel(fixture.blobs, { version: fixture.prod });

    const origin = await originFeatures(
      { store },
      { day: MARCH_DAY, cups: ['ES0000000000000000XX'], model },
    );

    expect(origin.set.x.nRows).toBe(0);
    expect(origin.set.x.columns).toEqual(model.manifest.featureNames);
    expect(origin.cups).toEqual([]);
  });
});
