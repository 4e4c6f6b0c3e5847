import { InvalidInputError, PreconditionFailedError } from '../errors.js';
import { combineBacktests } from '../models/backtest.js';
import { forestToBytes } from '../models/forest.js';
import { sampleTargets } from '../models/segment-model.js';
import { loadModel } from '../registry/load-model.js';
import { sha256Hex } from '../registry/registry.js';
import { parseStoredJson } from '../registry/stored-json.js';
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
import { type Champion, trainSegmentCore } from './train-segment-core.js';

/** Reads a run's plan. @throws InvalidInputError when the run was never planned */
export async function readPlan(deps: Pick<TrainDeps, 'blobs'>, runId: string): Promise<TrainPlan> {
  const found = await deps.blobs.get(planPath(runId));
  if (found === undefined) throw new InvalidInputError(`Training run ${runId} has no plan`);
  return parseStoredJson(found.bytes, planPath(runId)) as TrainPlan;
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
      await loadChampion(deps),
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
    // A segment that cannot be trained (no rows) is recorded, so the run is still decided.
    if (!(error instanceof InvalidInputError)) throw error;
    result = {
      ...base,
      status: 'invalid',
      error: error.message,
      trainRows: 0,
      forestSha256: '',
      defaultLevelWh: 0,
      calibration: null,
      report: combineBacktests([]),
      champion: { version: null, reason: 'segment not trained' },
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

/**
 * The prod model to score beside the challenger, or why there is none: no prod yet, or a prod
 * trained on other features than this code builds (its forecasts are not comparable row by row).
 */
async function loadChampion(deps: Pick<TrainDeps, 'blobs'>): Promise<Champion> {
  try {
    return { model: await loadModel(deps.blobs, { stage: 'prod' }) };
  } catch (error: unknown) {
    if (error instanceof InvalidInputError) return { model: null, reason: error.message };
    throw error;
  }
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
