import { type FeatureSet, type FeatureSupply } from '../features/build-features.js';
import { concatRows } from '../features/feature-rows.js';
import { FEATURE_NAMES } from '../features/feature-specs.js';
import { forecastWeatherLookup } from '../forecast/supply-days.js';
import { segmentFeatureSets } from '../models/model-forecast.js';
import { type ReadingStore, type SupplyStore, type WeatherStore } from '../ports.js';
import { type LoadedModel } from '../registry/load-model.js';
import { type UnforecastSupply } from '../types.js';
import { loadBatchData } from './forecast-data.js';

/** What the monitor reads of the store to rebuild a forecast day's inputs. */
export interface MonitorDataDeps {
  store: ReadingStore & SupplyStore & WeatherStore;
}

/** The inputs a model saw for one forecast day, rebuilt: one row per supply-hour of the day. */
export interface OriginFeatures {
  /**
   * Every hour of the day of each supply, grouped by segment; `set.supply[i]` indexes `cups`,
   * `supplies` and `segments`, `set.hourEnd[i]` is the row's hour. `actualWh` holds the readings
   * stored now (NaN where none).
   */
  set: FeatureSet;
  /** CUPS of each supply index. */
  cups: string[];
  /** Histories as loaded (another model's segmentFor reads them). */
  supplies: FeatureSupply[];
  /** Segment of each supply index in the model given. */
  segments: number[];
  /** Supplies the store no longer knows (no rows). */
  missing: UnforecastSupply[];
}

/**
 * The feature set of forecast day `day` for the given supplies as of its origin (11:00 on the day
 * before), built exactly as forecasting builds it with `model`: the batch loader
 * (loadBatchData, the model's data latency), the forecast weather lookup and the per-segment
 * feature sets (segmentFeatureSets), so baselines and drift read the values the model saw.
 * Readings that arrived after the origin are not visible to the features (knownDate).
 */
export async function originFeatures(
  deps: MonitorDataDeps,
  input: { day: string; cups: readonly string[]; model: LoadedModel },
): Promise<OriginFeatures> {
  const { day, model } = input;
  const data = await loadBatchData(
    deps.store,
    input.cups,
    day,
    model.manifest.data.dataLatencyDays,
  );
  const weather = forecastWeatherLookup(data.weather);
  const groups = segmentFeatureSets(model, data.features, day, weather);
  const segments: number[] = new Array(data.features.length).fill(0);
  for (const g of groups) for (const i of g.members) segments[i] = g.segment;
  return {
    set: concatRows(
      groups.map((g) => g.set),
      FEATURE_NAMES,
    ),
    cups: data.features.map((s) => s.history.cups),
    supplies: data.features,
    segments,
    missing: data.missing,
  };
}
