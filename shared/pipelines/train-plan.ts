import { addDays, dayNumber } from '../calendar/days.js';
import { InvalidInputError, PreconditionFailedError } from '../errors.js';
import { weeklyProfileWh } from '../features/history.js';
import { type Logger } from '../logging.js';
import { FOREST_DEFAULTS, type ForestParams } from '../models/forest.js';
import { normaliseWeeklyProfile, segmentProfiles } from '../models/segments.js';
import {
  type BlobStore,
  type Bus,
  type ReadingStore,
  type SupplyStore,
  type WeatherStore,
} from '../ports.js';
import { sha256Hex } from '../registry/registry.js';
import { parseStoredJson } from '../registry/stored-json.js';
import { lastAvailableDay, listTrainableSupplies, loadTrainingData } from './train-data.js';
import { planPath } from './train-run-files.js';

/** Topic the plan publishes one message per segment to. */
export const TRAIN_SEGMENT_TOPIC = 'train-segment';

export interface TrainOptions {
  windowDays: number;
  backtestDays: number;
  dataLatencyDays: number;
  /** Days of readings the weekly profiles for segmentation are averaged over. */
  profileDays: number;
  kMin: number;
  kMax: number;
  seed: number;
  forest: Partial<ForestParams>;
  /** Wall-clock budget of one train-segment call (the push acknowledgement deadline is 10 min). */
  timeBudgetMs: number;
  /** Hard cap on training rows per segment fit (memory). */
  maxTrainRows: number;
  /** Supplies of a segment loaded for fitting and backtest (a seeded sample beyond it; memory and time). */
  maxSuppliesPerSegment: number;
  /** Days at the end of a fit's data kept out of it to calibrate the p10/p90 interval. */
  calibrationDays: number;
  /** Segments with fewer supplies are merged into the nearest larger one. */
  minSegmentSupplies: number;
  /** Gate: required WAPE improvement over the strongest baseline, a fraction (0 = just beat it). */
  minSkill: number;
  /** Gate: accepted band of backtest p10–p90 coverage (nominal 80 %). */
  coverageMin: number;
  coverageMax: number;
  /** Promote the new version to prod once registered. */
  promote: boolean;
}

export const TRAIN_DEFAULTS: TrainOptions = Object.freeze({
  windowDays: 365,
  backtestDays: 28,
  dataLatencyDays: 2,
  profileDays: 56,
  kMin: 2,
  kMax: 6,
  seed: 1,
  forest: FOREST_DEFAULTS,
  timeBudgetMs: 480_000,
  maxTrainRows: 300_000,
  maxSuppliesPerSegment: 1500,
  calibrationDays: 28,
  minSegmentSupplies: 5,
  minSkill: 0.01,
  coverageMin: 0.7,
  coverageMax: 0.9,
  promote: false,
});

/** A training run, fixed once planned (runs/<runId>/plan.json): every segment call reads it. */
export interface TrainPlan {
  runId: string;
  version: string;
  createdAt: string;
  windowStart: string;
  windowEnd: string;
  options: TrainOptions;
  /** Rows each segment fit may use, from the time budget (deterministic, so redelivery is too). */
  rowsPerFit: number;
  segments: { index: number; cups: string[] }[];
  centroids: number[][];
  silhouette: { k: number; score: number }[];
  skipped: number;
}

export interface TrainDeps {
  store: ReadingStore & SupplyStore & WeatherStore;
  blobs: BlobStore;
  bus: Bus;
  logger: Logger;
  now: () => number;
  codeRevision: string;
}

/** Throughput assumed for the budget: row × tree fits per second (measured ≈1.6 M on 2 vCPU; halved). */
const ROW_TREES_PER_SECOND = 800_000;

/** Rows per fit so that the two fits of a segment take at most 40 % of the budget. */
export function rowsForBudget(timeBudgetMs: number, nTrees: number, cap: number): number {
  return Math.max(
    2_000,
    Math.min(cap, Math.floor((0.2 * timeBudgetMs * ROW_TREES_PER_SECOND) / 1000 / nTrees)),
  );
}

/**
 * Plans a training run: fixes the window (N days ending at the last available day), segments the
 * supplies by K-Means over normalised weekly profiles, stores the plan create-only and publishes
 * one message per segment with a deterministic id. Re-planning the same runId reuses the stored
 * plan, so a redelivered request publishes the same messages.
 * @throws InvalidInputError when there is nothing to train on
 */
export async function planTraining(
  input: { runId: string; options?: Partial<TrainOptions> },
  deps: TrainDeps,
): Promise<{ plan: TrainPlan; messageIds: string[] }> {
  const existing = await deps.blobs.get(planPath(input.runId));
  const plan =
    existing === undefined
      ? await makePlan(input, deps)
      : (parseStoredJson(existing.bytes, planPath(input.runId)) as TrainPlan);
  if (existing === undefined) {
    try {
      await deps.blobs.put(planPath(plan.runId), new TextEncoder().encode(JSON.stringify(plan)), {
        ifGenerationMatch: '0',
      });
    } catch (error: unknown) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      return planTraining(input, deps); // a concurrent planner won: use its plan
    }
  }
  const messageIds: string[] = [];
  for (const segment of plan.segments) {
    const dedupId = `${plan.runId}/segment-${segment.index}`;
    await deps.bus.publish(
      TRAIN_SEGMENT_TOPIC,
      { runId: plan.runId, segment: segment.index },
      { dedupId },
    );
    messageIds.push(dedupId);
  }
  return { plan, messageIds };
}

async function makePlan(
  input: { runId: string; options?: Partial<TrainOptions> },
  deps: TrainDeps,
): Promise<TrainPlan> {
  const options: TrainOptions = {
    ...TRAIN_DEFAULTS,
    ...input.options,
    forest: { ...TRAIN_DEFAULTS.forest, ...input.options?.forest },
  };
  const { supplies, newest } = await listTrainableSupplies(deps.store);
  const windowEnd = lastAvailableDay(deps.now(), newest, options.dataLatencyDays);
  const windowStart = addDays(windowEnd, 1 - options.windowDays);
  // Profiles end before the backtest days, so segments are not chosen knowing them.
  const profileEnd = addDays(windowEnd, -options.backtestDays);
  const profileStart = addDays(profileEnd, 1 - options.profileDays);
  const data = await loadTrainingData(deps.store, supplies, profileStart, profileEnd);
  const usable: number[] = [];
  const profiles: number[][] = [];
  for (const [i, f] of data.features.entries()) {
    if (f.history.hourly.length === 0) continue;
    usable.push(i);
    profiles.push(
      normaliseWeeklyProfile(
        weeklyProfileWh(f.history, dayNumber(profileStart), dayNumber(profileEnd)),
      ),
    );
  }
  if (usable.length === 0)
    throw new InvalidInputError('No supply has readings in the profile window');
  const seg = segmentProfiles(profiles, {
    kMin: options.kMin,
    kMax: options.kMax,
    seed: options.seed,
    minSegmentSize: options.minSegmentSupplies,
  });
  const segments = seg.centroids.map((_, index) => ({
    index,
    cups: usable.filter((_, j) => seg.assignments[j] === index).map((i) => supplies[i]?.cups ?? ''),
  }));
  const createdAt = new Date(deps.now()).toISOString();
  const stamp = createdAt.replace(/[-:]/g, '').slice(0, 13);
  return {
    runId: input.runId,
    version: `v${stamp}-${sha256Hex(new TextEncoder().encode(input.runId)).slice(0, 6)}`,
    createdAt,
    windowStart,
    windowEnd,
    options,
    rowsPerFit: rowsForBudget(
      options.timeBudgetMs,
      options.forest.nTrees ?? FOREST_DEFAULTS.nTrees,
      options.maxTrainRows,
    ),
    segments: segments.filter((s) => s.cups.length > 0),
    centroids: seg.centroids,
    silhouette: seg.scores,
    skipped: supplies.length - usable.length,
  };
}
