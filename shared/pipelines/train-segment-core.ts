import { addDays, dayNumber, dayRange } from '../calendar/days.js';
import { InvalidInputError } from '../errors.js';
import {
  buildFeatures,
  type FeatureSupply,
  type FeatureTarget,
} from '../features/build-features.js';
import { FEATURE_NAMES } from '../features/feature-specs.js';
import { indexWeather, type WeatherLookup } from '../features/weather-index.js';
import { newSupplyCheck } from '../forecast/new-supply-check.js';
import { scoreBacktest } from '../models/backtest.js';
import { calibrateIntervals, type IntervalCalibration } from '../models/conformal.js';
import { type Forest } from '../models/forest.js';
import { predictLoaded, segmentFor } from '../models/model-forecast.js';
import { quantileSorted } from '../models/quantile.js';
import {
  fitSegmentForest,
  localHours,
  predictSegment,
  sampleTargets,
} from '../models/segment-model.js';
import { scenarioChecks } from '../models/validation-scenarios.js';
import { type LoadedModel } from '../registry/load-model.js';
import { type ModelManifest } from '../registry/manifest.js';
import { type WeatherRow } from '../types.js';
import {
  MAX_REFERENCE_VALUES,
  referenceQuotas,
  sampleReference,
  selectColumns,
  WATCHED_COLUMNS,
} from './reference.js';
import { type TrainPlan } from './train-plan.js';

/** Calibration rows kept per fit (a seeded sample of supply-days beyond it; time). */
const MAX_CALIBRATION_ROWS = 60_000;
/** Backtest rows kept (a seeded sample of supply-days beyond it; time). */
const MAX_BACKTEST_ROWS = 150_000;

/** The production model of a segment as of an origin: its forest and interval calibration. */
interface FittedModel {
  forest: Forest;
  calibration: IntervalCalibration;
  trainRows: number;
  set: ReturnType<typeof buildFeatures>;
}

/** The champion (the prod model) to score on the same backtest rows, or why it cannot be. */
export type Champion = { model: LoadedModel } | { model: null; reason: string };

/**
 * Fits, backtests and validates one segment (pure: data in, model and report out), the way
 * production lives it:
 * - a model is fitted on every day up to a calibration window and its p10/p90 calibrated on
 *   that window (the `calibrationDays` newest days whose actuals are known), then used;
 * - the backtest builds that model as of the first test origin (actuals known by then only) and
 *   forecasts every test day from its own origin: readings whose file had arrived by the origin,
 *   and the weather forecast issued by it or the fallback production would use (an earlier
 *   forecast, then climatology), never the observation; training rows may use observations;
 * - the champion, when comparable, and every baseline are scored on the same rows;
 * - the registered model is built the same way as of the end of the window.
 */
export function trainSegmentCore(
  plan: TrainPlan,
  segment: number,
  features: FeatureSupply[],
  weatherRows: readonly WeatherRow[],
  labels: string[],
  champion: Champion = { model: null, reason: 'no champion given' },
) {
  const o = plan.options;
  const trainWeather = indexWeather(weatherRows, { observedFallback: true });
  const originWeather = indexWeather(weatherRows, { observedFallback: false });
  const firstTarget = addDays(plan.windowStart, 8);
  const testStart = addDays(plan.windowEnd, 1 - o.backtestDays);
  const seed = o.seed * 1000 + segment;
  const build = (
    targets: FeatureTarget[],
    weather: WeatherLookup,
    labelsKnownBy = Number.POSITIVE_INFINITY,
  ) =>
    buildFeatures({
      supplies: features,
      targets,
      weather,
      mode: 'train',
      dataLatencyDays: o.dataLatencyDays,
      labelsKnownBy,
    });
  const targetsOf = (first: string, last: string, maxRows: number, salt: number) =>
    sampleTargets(features.length, dayRange(first, last), maxRows, seed + salt);
  /** The model production would hold at an origin whose newest known actuals are `lastKnown`. */
  const fitAsOf = (lastKnown: string, knownBy: number, salt: number): FittedModel => {
    const calibrationFirst = addDays(lastKnown, 1 - o.calibrationDays);
    const fitLast = addDays(calibrationFirst, -1);
    const set = build(
      targetsOf(firstTarget, fitLast, plan.rowsPerFit, salt),
      trainWeather,
      knownBy,
    );
    if (set.x.nRows === 0)
      throw new InvalidInputError(`Segment ${segment} has no training rows up to ${fitLast}`);
    const forest = fitSegmentForest(set, { ...o.forest, seed });
    const calSet = build(
      targetsOf(calibrationFirst, lastKnown, MAX_CALIBRATION_ROWS, salt + 10),
      originWeather,
      knownBy,
    );
    if (calSet.x.nRows === 0)
      throw new InvalidInputError(`Segment ${segment} has no calibration rows up to ${lastKnown}`);
    const raw = predictSegment(forest, calSet);
    const calibration = calibrateIntervals({
      actualWh: calSet.actualWh,
      p10: raw.p10,
      p90: raw.p90,
      levelWh: calSet.levelWh,
      localHour: localHours(calSet),
    });
    return { forest, calibration, trainRows: set.x.nRows, set };
  };
  // The backtest's model: as production held it at 11:00 on the day before the first test day.
  const originDay = dayNumber(testStart) - 1;
  const early = fitAsOf(addDays(testStart, -o.dataLatencyDays), originDay, 1);
  const testSet = build(targetsOf(testStart, plan.windowEnd, MAX_BACKTEST_ROWS, 3), originWeather);
  const forecast = predictSegment(early.forest, testSet, early.calibration);
  const lastKnown = addDays(testStart, -o.dataLatencyDays);
  const prod = champion.model;
  const championForecast =
    prod === null
      ? undefined
      : predictLoaded(prod, testSet, (s) => {
          const supply = features[s];
          if (supply === undefined) throw new InvalidInputError(`No supply at index ${s}`);
          return segmentFor(prod, supply, lastKnown);
        });
  const report = scoreBacktest(testSet, forecast, labels, championForecast);
  const final = fitAsOf(plan.windowEnd, Number.POSITIVE_INFINITY, 2);
  const levels = Array.from(final.set.levelWh).sort((a, b) => a - b);
  const defaultLevelWh = quantileSorted(levels, 0.5);
  const validation = scenarioChecks({
    supplies: features.slice(0, 5),
    weather: originWeather,
    lastDay: plan.windowEnd,
    dataLatencyDays: o.dataLatencyDays,
    defaultLevelWh,
    predict: (set) => predictSegment(final.forest, set, final.calibration),
  });
  const candidate = candidateModel(plan, segment, final, defaultLevelWh);
  const like = features[0];
  if (like !== undefined) {
    validation.push(newSupplyCheck(candidate, like, addDays(plan.windowEnd, o.dataLatencyDays)));
  }
  return {
    forest: final.forest,
    calibration: final.calibration,
    trainRows: final.trainRows,
    report,
    champion:
      champion.model === null
        ? { version: null, reason: champion.reason }
        : { version: champion.model.manifest.version, reason: null },
    validation,
    defaultLevelWh,
    reference: sampleReference(final.set, 500, seed),
    rawReference: selectColumns(
      sampleReference(final.set, rawReferenceQuota(plan, segment), seed),
      WATCHED_COLUMNS,
    ),
  };
}

/**
 * This segment's share of the version's raw reference rows: MAX_REFERENCE_VALUES split over the
 * plan's segments in proportion to their supplies, so the pooled sample weighs segments as the
 * fleet does (training rows are drawn uniformly over supply-days within a segment).
 */
function rawReferenceQuota(plan: TrainPlan, segment: number): number {
  const quotas = referenceQuotas(
    plan.segments.map((s) => s.cups.length),
    MAX_REFERENCE_VALUES,
  );
  return quotas[plan.segments.findIndex((s) => s.index === segment)] ?? 0;
}

/**
 * The segment's model as the forecast pipeline will load it (one forest, its calibration, its
 * centroid and median level), so the gate can run the production path on it.
 */
function candidateModel(
  plan: TrainPlan,
  segment: number,
  fitted: FittedModel,
  defaultLevelWh: number,
): LoadedModel {
  const manifest: ModelManifest = {
    kind: 'mce-segmented-forest',
    schemaVersion: 1,
    version: `${plan.version} (candidate)`,
    runId: plan.runId,
    createdAt: plan.createdAt,
    codeRevision: 'candidate',
    data: {
      windowStart: plan.windowStart,
      windowEnd: plan.windowEnd,
      fingerprint: '',
      supplies: 0,
      trainRows: fitted.trainRows,
      dataLatencyDays: plan.options.dataLatencyDays,
      weather: '',
    },
    featureNames: [...FEATURE_NAMES],
    target: 'log-wh-over-level',
    hyperParameters: {},
    segments: [{ index: segment, supplies: 0, trainRows: fitted.trainRows, forestFile: '' }],
    centroidsFile: '',
    metrics: {},
    reference: {},
    files: [],
  };
  return {
    manifest,
    forests: new Map([[segment, fitted.forest]]),
    segments: {
      centroids: plan.centroids,
      segments: [{ index: segment, defaultLevelWh, cups: [], calibration: fitted.calibration }],
    },
    segmentOfCups: new Map(),
    calibrations: new Map([[segment, fitted.calibration]]),
  };
}
