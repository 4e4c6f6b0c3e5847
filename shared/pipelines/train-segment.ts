import { addDays, dayRange } from '../calendar/days.js';
import { InvalidInputError, PreconditionFailedError, ValidationGateError } from '../errors.js';
import { buildFeatures, type FeatureSupply } from '../features/build-features.js';
import { indexWeather } from '../features/weather-index.js';
import { combineBacktests, scoreBacktest } from '../models/backtest.js';
import { forestToBytes } from '../models/forest.js';
import { quantileSorted } from '../models/quantile.js';
import { fitSegmentForest, predictSegment, sampleTargets } from '../models/segment-model.js';
import { validateScenarios } from '../models/validation-scenarios.js';
import { sha256Hex } from '../registry/registry.js';
import { parseStoredJson } from '../registry/stored-json.js';
import { type WeatherRow } from '../types.js';
import { sampleReference } from './reference.js';
import { assembleIfComplete } from './train-assemble.js';
import { loadTrainingData } from './train-data.js';
import { type TrainDeps, type TrainPlan } from './train-plan.js';
import {
  type AssembleOutcome,
  planPath,
  type SegmentResult,
  segmentForestPath,
  segmentResultPath,
} from './train-run-files.js';

/** Reads a run's plan. @throws InvalidInputError when the run was never planned */
export async function readPlan(deps: Pick<TrainDeps, 'blobs'>, runId: string): Promise<TrainPlan> {
  const found = await deps.blobs.get(planPath(runId));
  if (found === undefined) throw new InvalidInputError(`Training run ${runId} has no plan`);
  return parseStoredJson(found.bytes, planPath(runId)) as TrainPlan;
}

/**
 * Fits, backtests and validates one segment (pure: data in, model and report out). The backtest
 * fits once on labels visible at the first test origin and forecasts every test day from its own
 * origin; the registered forest is refitted on the whole window.
 * @throws ValidationGateError when a validation scenario gives invalid forecasts
 */
export function trainSegmentCore(
  plan: TrainPlan,
  segment: number,
  features: FeatureSupply[],
  weatherRows: readonly WeatherRow[],
  labels: string[],
) {
  const o = plan.options;
  const weather = indexWeather(weatherRows, { observedFallback: true });
  const firstTarget = addDays(plan.windowStart, 8);
  const testStart = addDays(plan.windowEnd, 1 - o.backtestDays);
  const seed = o.seed * 1000 + segment;
  const fitUpTo = (lastDay: string, salt: number) => {
    const targets = sampleTargets(
      features.length,
      dayRange(firstTarget, lastDay),
      plan.rowsPerFit,
      seed + salt,
    );
    const set = buildFeatures({
      supplies: features,
      targets,
      weather,
      mode: 'train',
      dataLatencyDays: o.dataLatencyDays,
    });
    if (set.x.nRows === 0)
      throw new InvalidInputError(`Segment ${segment} has no training rows before ${lastDay}`);
    return { set, forest: fitSegmentForest(set, { ...o.forest, seed }) };
  };
  // Backtest: one fit with labels up to the first test origin's visible day, then every test day
  // forecast from its own origin (lags and weather as of 11:00 the day before).
  const early = fitUpTo(addDays(testStart, -o.dataLatencyDays), 1);
  const testTargets = features.flatMap((_, supply) =>
    dayRange(testStart, plan.windowEnd).map((day) => ({ supply, day })),
  );
  const testSet = buildFeatures({
    supplies: features,
    targets: testTargets,
    weather,
    mode: 'train',
    dataLatencyDays: o.dataLatencyDays,
  });
  const report = scoreBacktest(testSet, predictSegment(early.forest, testSet), labels);
  const final = fitUpTo(plan.windowEnd, 2);
  const levels = Array.from(final.set.levelWh).sort((a, b) => a - b);
  const defaultLevelWh = quantileSorted(levels, 0.5);
  const validation = validateScenarios((set) => predictSegment(final.forest, set), {
    supplies: features.slice(0, 5),
    weather,
    lastDay: plan.windowEnd,
    dataLatencyDays: o.dataLatencyDays,
    defaultLevelWh,
  });
  return {
    forest: final.forest,
    trainRows: final.set.x.nRows,
    report,
    validation,
    defaultLevelWh,
    reference: sampleReference(final.set, 500, seed),
  };
}

/**
 * Trains one segment of a planned run and stores its forest and result create-only; then, if it
 * is the last segment to finish, assembles and registers the version (exactly once). A segment
 * already done (redelivery) is not retrained. A validation failure is recorded, not thrown.
 * @throws InvalidInputError for an unknown run or segment
 */
export async function trainSegment(
  input: { runId: string; segment: number },
  deps: TrainDeps,
): Promise<{ trained: boolean; result: SegmentResult | null; assembly: AssembleOutcome }> {
  const plan = await readPlan(deps, input.runId);
  const seg = plan.segments.find((s) => s.index === input.segment);
  if (seg === undefined)
    throw new InvalidInputError(`Run ${input.runId} has no segment ${input.segment}`);
  if (await deps.blobs.exists(segmentResultPath(plan.runId, seg.index))) {
    return { trained: false, result: null, assembly: await assembleIfComplete(plan, deps) };
  }
  const started = deps.now();
  const bySupply = new Map((await deps.store.listSupplies()).map((s) => [s.cups, s]));
  const cups = sampleCups(
    seg.cups,
    plan.options.maxSuppliesPerSegment ?? seg.cups.length,
    plan.options.seed + seg.index,
  );
  const supplies = cups.map((c) => bySupply.get(c)).filter((s) => s !== undefined);
  const data = await loadTrainingData(deps.store, supplies, plan.windowStart, plan.windowEnd);
  let result: SegmentResult;
  const base = {
    runId: plan.runId,
    segment: seg.index,
    supplies: supplies.length,
    forestFile: `forest-${seg.index}.bin`,
    fingerprint: data.fingerprint,
  };
  try {
    const core = trainSegmentCore(
      plan,
      seg.index,
      data.features,
      data.weather,
      supplies.map((s) => s.cups),
    );
    const bytes = forestToBytes(core.forest);
    await putCreateOnly(deps, segmentForestPath(plan.runId, seg.index), bytes);
    const { forest: _forest, ...rest } = core;
    result = {
      ...base,
      ...rest,
      status: 'ok',
      error: null,
      forestSha256: sha256Hex(bytes),
      durationMs: deps.now() - started,
    };
  } catch (error: unknown) {
    if (!(error instanceof ValidationGateError)) throw error;
    result = {
      ...base,
      status: 'invalid',
      error: error.message,
      trainRows: 0,
      forestSha256: '',
      defaultLevelWh: 0,
      report: combineBacktests([]),
      validation: [],
      reference: { columns: [], rows: [] },
      durationMs: deps.now() - started,
    };
  }
  await putCreateOnly(
    deps,
    segmentResultPath(plan.runId, seg.index),
    new TextEncoder().encode(JSON.stringify(result)),
  );
  deps.logger.info('segment trained', {
    runId: plan.runId,
    segment: seg.index,
    status: result.status,
    supplies: result.supplies,
    trainRows: result.trainRows,
    wape: result.report.overall.model.wape,
    durationMs: result.durationMs,
  });
  const assembly = await assembleIfComplete(plan, deps);
  if (assembly.outcome !== 'waiting')
    deps.logger.info('training run decided', { runId: plan.runId, ...assembly, report: undefined });
  return { trained: true, result, assembly };
}

/** A seeded sample of at most n CUPS, in their original order (all of them when they fit). */
export function sampleCups(cups: readonly string[], n: number, seed: number): string[] {
  if (cups.length <= n) return [...cups];
  const picked = sampleTargets(cups.length, ['-'], n * 24, seed).map((t) => t.supply);
  return picked.map((i) => cups[i] ?? '');
}

/** Create-only write that treats "already there" as done (a concurrent attempt finished first). */
async function putCreateOnly(
  deps: Pick<TrainDeps, 'blobs'>,
  path: string,
  bytes: Uint8Array,
): Promise<void> {
  try {
    await deps.blobs.put(path, bytes, { ifGenerationMatch: '0' });
  } catch (error: unknown) {
    if (!(error instanceof PreconditionFailedError)) throw error;
  }
}
