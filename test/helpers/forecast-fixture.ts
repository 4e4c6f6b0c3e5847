/**
 * A trained registry and a fleet to forecast, for forecast tests: a synthetic fleet (true loads,
 * observed weather and the generator's 10:00 forecasts) trains a small `prod` model and a `pre`
 * one from memory; `fillStore` copies the supplies and the weeks a forecast reads into any Store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBus } from '../../shared/adapters/bus/memory-bus.js';
import { createFileBlobStore } from '../../shared/adapters/files/blob-store.js';
import { addDays } from '../../shared/calendar/days.js';
import { localDayBoundsUtc } from '../../shared/calendar/zone.js';
import { createCapturingLogger } from '../../shared/logging.js';
import { runTraining } from '../../shared/pipelines/train.js';
import { type BlobStore, type Store } from '../../shared/ports.js';
import { readStages } from '../../shared/registry/stages.js';
import { type FleetData } from '../../shared/synth/fleet-data.js';
import { type Reading, type Supply, type WeatherRow } from '../../shared/types.js';
import { createSynthTrainStore, synthFleet } from './synth-training.js';

export const FLEET = { supplies: 12, from: '2023-10-01', to: '2024-10-28', seed: 11 } as const;
/** A 23-hour and a 25-hour target day inside the fleet. */
export const MARCH_DAY = '2024-03-31';
export const OCTOBER_DAY = '2024-10-27';

export interface ForecastFixture {
  dir: string;
  /** The registry (a folder), with a prod and a pre version. */
  blobs: BlobStore;
  prod: string;
  pre: string;
  data: FleetData;
  source: ReturnType<typeof createSynthTrainStore>;
  cleanUp(): void;
}

/** Training options small enough for a test to train the fixture fleet in seconds. */
export const SMALL = {
  windowDays: 150,
  backtestDays: 14,
  kMax: 3,
  maxTrainRows: 4000,
  forest: { nTrees: 8, maxDepth: 8, minSamplesLeaf: 20 },
  // Several segments, even small ones, so that batches span segments.
  minSegmentSupplies: 1,
  calibrationDays: 14,
};

/** Trains prod (promoted) and pre on the fleet up to 2024-03-20 (a few seconds). */
export async function buildForecastFixture(): Promise<ForecastFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'mce-forecast-'));
  const data = synthFleet(FLEET);
  const source = createSynthTrainStore(data);
  const blobs = createFileBlobStore(join(dir, 'artifacts'));
  const deps = {
    store: source,
    blobs,
    bus: createMemoryBus(),
    logger: createCapturingLogger().logger,
    now: () => Date.parse('2024-03-20T09:00:00Z'),
    codeRevision: 'test',
  };
  await runTraining({ runId: 'train-prod', options: { ...SMALL, promote: true } }, deps);
  await runTraining({ runId: 'train-pre', options: { ...SMALL, seed: 2 } }, deps);
  const { doc } = await readStages(blobs);
  if (doc.prod === null || doc.pre === null) throw new Error('fixture training registered nothing');
  return {
    dir,
    blobs,
    prod: doc.prod,
    pre: doc.pre,
    data,
    source,
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface FillOptions {
  /** Local days whose readings and weather are copied (default: the 35 days before `day`, and it). */
  day: string;
  supplies?: (s: Supply) => boolean;
  weather?: (w: WeatherRow) => boolean;
  readings?: (r: Reading) => boolean;
}

/** Copies supplies, the readings and the weather a forecast of `day` reads into `store`. */
export async function fillStore(
  store: Store,
  fixture: ForecastFixture,
  options: FillOptions,
): Promise<Supply[]> {
  const [from] = localDayBoundsUtc(addDays(options.day, -35), 'Europe/Madrid');
  const [, to] = localDayBoundsUtc(options.day, 'Europe/Madrid');
  const supplies = (await fixture.source.listSupplies()).filter(options.supplies ?? (() => true));
  await store.upsertSupplies(supplies);
  for (const s of supplies) {
    const readings = await fixture.source.readings(s.cups, from, to);
    await store.upsertReadings(readings.filter(options.readings ?? (() => true)));
  }
  for (const location of new Set(supplies.map((s) => s.location ?? ''))) {
    for (const kind of ['observed', 'forecast'] as const) {
      const rows = await fixture.source.weather(location, kind, from, to);
      await store.upsertWeather(rows.filter(options.weather ?? (() => true)));
    }
  }
  return supplies;
}
