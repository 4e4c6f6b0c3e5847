import { addDays, dayNumber } from '../calendar/days.js';
import { InvalidInputError } from '../errors.js';
import { buildFeatures, type FeatureSet, type FeatureSupply } from '../features/build-features.js';
import { selectRows, sliceRows } from '../features/feature-rows.js';
import { weeklyProfileWh } from '../features/history.js';
import { type WeatherLookup } from '../features/weather-index.js';
import { type LoadedModel } from '../registry/load-model.js';
import { type ModelForecast } from './backtest.js';
import { predictSegment } from './segment-model.js';
import { assignSegment, normaliseWeeklyProfile } from './segments.js';

/** One supply's day-ahead forecast: every hour of the day (23–25), Wh, with p10/p90. */
export interface SupplyForecast {
  cups: string;
  segment: number;
  hourEnd: Float64Array;
  forecast: ModelForecast;
  /** The feature rows the model saw (what the inputs were, and which were imputed). */
  features: FeatureSet;
}

/**
 * The segment of a supply: the one it was trained in, else the nearest centroid to its weekly
 * profile over the 28 days up to `lastDay` (a new supply), else segment of the first forest.
 */
export function segmentFor(model: LoadedModel, supply: FeatureSupply, lastDay: string): number {
  const known = model.segmentOfCups.get(supply.history.cups);
  if (known !== undefined) return known;
  const to = dayNumber(lastDay);
  const profile = weeklyProfileWh(supply.history, to - 27, to);
  if (profile.every((v) => v === 0)) return model.manifest.segments[0]?.index ?? 0;
  const nearest = assignSegment(model.segments.centroids, normaliseWeeklyProfile(profile));
  return model.forests.has(nearest) ? nearest : (model.manifest.segments[0]?.index ?? 0);
}

/** The feature rows of one segment's supplies: `members` are indexes into the supplies given. */
export interface SegmentFeatures {
  segment: number;
  members: number[];
  set: FeatureSet;
}

/**
 * The feature sets a model forecasts local day `day` from, one per segment in order of first
 * appearance: each supply in its segment (segmentFor), every hour of the day, seen as at 11:00
 * on the day before (latency from the manifest), a supply without visible readings at its
 * segment's default level. The one place forecasting builds its inputs.
 */
export function segmentFeatureSets(
  model: LoadedModel,
  supplies: readonly FeatureSupply[],
  day: string,
  weather: WeatherLookup,
): SegmentFeatures[] {
  const latency = model.manifest.data.dataLatencyDays;
  const lastDay = addDays(day, -latency);
  const segments = supplies.map((supply) => segmentFor(model, supply, lastDay));
  const out: SegmentFeatures[] = [];
  // One feature matrix and one predict per segment: a 24-row call is mostly per-call overhead.
  for (const segment of new Set(segments)) {
    const members = segments.flatMap((s, i) => (s === segment ? [i] : []));
    const level = model.segments.segments.find((s) => s.index === segment)?.defaultLevelWh;
    const set = buildFeatures({
      supplies,
      targets: members.map((supply) => ({ supply, day })),
      weather,
      mode: 'predict',
      dataLatencyDays: latency,
      ...(level === undefined ? {} : { defaultLevelWh: level }),
    });
    out.push({ segment, members, set });
  }
  return out;
}

/**
 * Forecasts every hour of local day `day` for each supply with a loaded model, using only what
 * is visible at 11:00 on the day before (latency from the manifest) and forecast weather.
 * @throws InvalidInputError when the model's features differ from the matrix (predictForest) or it
 * has no forest for the supply's segment
 */
export function forecastDay(
  model: LoadedModel,
  supplies: readonly FeatureSupply[],
  day: string,
  weather: WeatherLookup,
): SupplyForecast[] {
  const out: SupplyForecast[] = [];
  for (const { segment, members, set } of segmentFeatureSets(model, supplies, day, weather)) {
    const forest = model.forests.get(segment);
    if (forest === undefined) {
      throw new InvalidInputError(
        `Model ${model.manifest.version} has no forest for segment ${segment}`,
      );
    }
    const forecast = predictSegment(forest, set, model.calibrations.get(segment));
    let from = 0;
    for (const i of members) {
      let to = from;
      while (to < set.x.nRows && set.supply[to] === i) to++;
      out[i] = {
        cups: supplies[i]!.history.cups,
        segment,
        hourEnd: set.hourEnd.subarray(from, to),
        forecast: {
          point: forecast.point.subarray(from, to),
          p10: forecast.p10.subarray(from, to),
          p90: forecast.p90.subarray(from, to),
        },
        features: sliceRows(set, from, to),
      };
      from = to;
    }
  }
  return out;
}

/**
 * Predicts every row of a feature set with a loaded model, each row with the forest and interval
 * calibration of its supply's segment (`segmentOf(supplyIndex)`).
 * @throws InvalidInputError when the model has no forest for a segment or other feature columns
 */
export function predictLoaded(
  model: LoadedModel,
  set: FeatureSet,
  segmentOf: (supply: number) => number,
): ModelForecast {
  const out: ModelForecast = {
    point: new Float32Array(set.x.nRows),
    p10: new Float32Array(set.x.nRows),
    p90: new Float32Array(set.x.nRows),
  };
  const bySegment = new Map<number, number[]>();
  const cached = new Map<number, number>();
  for (let i = 0; i < set.x.nRows; i++) {
    const supply = set.supply[i]!;
    let segment = cached.get(supply);
    if (segment === undefined) {
      segment = segmentOf(supply);
      cached.set(supply, segment);
    }
    const rows = bySegment.get(segment) ?? [];
    rows.push(i);
    bySegment.set(segment, rows);
  }
  for (const [segment, rows] of bySegment) {
    const forest = model.forests.get(segment);
    if (forest === undefined) {
      throw new InvalidInputError(
        `Model ${model.manifest.version} has no forest for segment ${segment}`,
      );
    }
    const f = predictSegment(forest, selectRows(set, rows), model.calibrations.get(segment));
    for (const [k, r] of rows.entries()) {
      out.point[r] = f.point[k]!;
      out.p10[r] = f.p10[k]!;
      out.p90[r] = f.p90[k]!;
    }
  }
  return out;
}
