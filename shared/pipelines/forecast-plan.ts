import { addDays } from '../calendar/holidays.js';
import { localDayBoundsUtc, localDayOf, localDayOfHourEnd } from '../calendar/zone.js';
import { AppError, InvalidInputError, PreconditionFailedError } from '../errors.js';
import { type ForecastBatchMessage } from '../events/forecast.js';
import { type Logger } from '../logging.js';
import {
  type BatchLedger,
  type BlobStore,
  type Bus,
  type Clock,
  type PredictionStore,
  type ReadingStore,
  type RunStore,
  type SupplyStore,
  type WeatherStore,
} from '../ports.js';
import { showVersion } from '../registry/registry.js';
import { readStages } from '../registry/stages.js';
import { type RunRecord, STAGES, type Stage, type Supply } from '../types.js';
import { forecastWindow } from './forecast-data.js';

/** Topic the plan publishes one message per batch of supplies to. */
export const FORECAST_BATCH_TOPIC = 'forecast-batch';

/** What a forecast run reads and writes. `blobs` is the artifacts store (registry and plans). */
export interface ForecastDeps {
  store: ReadingStore & SupplyStore & WeatherStore & PredictionStore & RunStore & BatchLedger;
  blobs: BlobStore;
  bus: Bus;
  logger: Logger;
  now: Clock;
}

/** A run fixed once planned (forecasts/<runId>/plan.json): re-planning republishes exactly it. */
export interface ForecastPlan {
  runId: string;
  day: string;
  stage: Stage;
  version: string;
  plannedAt: number;
  batches: string[][];
}

export interface PlanForecastInput {
  /** Identifies the request (the tick's message id): the same tick plans the same runs. */
  tickId: string;
  /** Target local day; default tomorrow in Europe/Madrid by the clock. */
  day?: string;
  stages?: readonly Stage[];
  batchSize: number;
}

/** What planning did for one stage. */
export type PlannedStage =
  | { stage: Stage; outcome: 'planned' | 'replanned'; plan: ForecastPlan; supplies: number }
  | { stage: Stage; outcome: 'superseded'; runId: string; by: string }
  | { stage: Stage; outcome: 'skipped' | 'failed'; runId: string; reason: string };

export const forecastPlanPath = (runId: string) => `forecasts/${runId}/plan.json`;

/** The run id of a tick for a day and stage (characters outside [A-Za-z0-9._-] become _). */
export function forecastRunId(day: string, stage: Stage, tickId: string): string {
  return `forecast-${day}-${stage}-${tickId.replace(/[^A-Za-z0-9._-]/g, '_')}`.slice(0, 150);
}

/** Splits CUPS into batches of at most `size`, in order. */
export function splitBatches(cups: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < cups.length; i += size) out.push(cups.slice(i, i + size));
  return out;
}

/** Says what is missing when no supply has a reading the forecast of `day` could read. */
function checkOriginData(supplies: readonly Supply[], day: string, latencyDays: number): void {
  const { first } = forecastWindow(day, latencyDays);
  const lastVisible = addDays(day, -latencyDays);
  const [from] = localDayBoundsUtc(first, 'Europe/Madrid');
  const [, to] = localDayBoundsUtc(lastVisible, 'Europe/Madrid');
  const visible = supplies.some(
    (s) => s.lastReading !== null && s.lastReading > from && (s.firstReading ?? 0) <= to,
  );
  if (visible) return;
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (const s of supplies) {
    if (s.lastReading === null) continue;
    oldest = Math.min(oldest, s.firstReading ?? s.lastReading);
    newest = Math.max(newest, s.lastReading);
  }
  const span = Number.isFinite(newest)
    ? `the store's readings run ${localDayOfHourEnd(oldest, 'Europe/Madrid')}..${localDayOfHourEnd(newest, 'Europe/Madrid')}`
    : 'the store holds no readings';
  throw new InvalidInputError(
    `No readings visible at the origin of ${day} (11:00 Europe/Madrid on ${addDays(day, -1)}): the forecast reads readings of ${first}..${lastVisible}, and ${span}`,
  );
}

async function makePlan(
  runId: string,
  day: string,
  stage: Stage,
  input: PlanForecastInput,
  deps: ForecastDeps,
): Promise<ForecastPlan | { skipped: string }> {
  const version = (await readStages(deps.blobs)).doc[stage];
  if (version === null) {
    if (stage === 'pre') return { skipped: 'no model is staged as pre' };
    throw new InvalidInputError(
      'No model in stage prod: train and promote a model first (`mce train --promote`)',
    );
  }
  const manifest = await showVersion(deps.blobs, version);
  const supplies = (await deps.store.listSupplies()).filter((s) => s.active);
  if (supplies.length === 0) throw new InvalidInputError('No active supplies to forecast');
  checkOriginData(supplies, day, manifest.data.dataLatencyDays);
  const cups = supplies.map((s) => s.cups).sort();
  return {
    runId,
    day,
    stage,
    version,
    plannedAt: deps.now(),
    batches: splitBatches(cups, input.batchSize),
  };
}

/** The stored plan of a run, or a new one stored create-only (a concurrent planner's wins). */
async function fixPlan(
  runId: string,
  day: string,
  stage: Stage,
  input: PlanForecastInput,
  deps: ForecastDeps,
): Promise<ForecastPlan | { skipped: string }> {
  const held = await deps.blobs.get(forecastPlanPath(runId));
  if (held !== undefined) return JSON.parse(new TextDecoder().decode(held.bytes)) as ForecastPlan;
  const plan = await makePlan(runId, day, stage, input, deps);
  if ('skipped' in plan) return plan;
  try {
    const bytes = new TextEncoder().encode(JSON.stringify(plan));
    await deps.blobs.put(forecastPlanPath(runId), bytes, { ifGenerationMatch: '0' });
    return plan;
  } catch (error: unknown) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    return fixPlan(runId, day, stage, input, deps);
  }
}

/** A new run record in status running (or failed, with the reason). */
export function newRun(
  fields: Pick<RunRecord, 'day' | 'stage' | 'runId' | 'plannedAt' | 'modelVersion'> &
    Partial<RunRecord>,
): RunRecord {
  const { day, stage, runId, modelVersion, plannedAt, ...rest } = fields;
  return {
    kind: 'forecast',
    day,
    stage,
    runId,
    status: 'running',
    modelVersion,
    plannedAt,
    batchesPlanned: 0,
    batchesDone: 0,
    batchesFailed: 0,
    suppliesPlanned: 0,
    suppliesForecast: 0,
    rows: 0,
    fallbacks: {},
    unforecast: {},
    error: null,
    completedAt: null,
    notified: false,
    timings: { planMs: 0, loadMs: 0, modelMs: 0, writeMs: 0, batchMaxMs: 0, wallMs: null },
    ...rest,
  };
}

async function planStage(
  day: string,
  stage: Stage,
  input: PlanForecastInput,
  deps: ForecastDeps,
): Promise<PlannedStage> {
  const started = deps.now();
  const runId = forecastRunId(day, stage, input.tickId);
  let plan: ForecastPlan | { skipped: string };
  try {
    plan = await fixPlan(runId, day, stage, input, deps);
  } catch (error: unknown) {
    if (!(error instanceof AppError) || error.retryable) throw error;
    const failed = newRun({ day, stage, runId, plannedAt: started, modelVersion: null });
    const { run } = await deps.store.startRun({
      ...failed,
      status: 'failed',
      error: error.message,
    });
    if (run.runId !== runId) return { stage, outcome: 'superseded', runId, by: run.runId };
    return { stage, outcome: 'failed', runId, reason: error.message };
  }
  if ('skipped' in plan) return { stage, outcome: 'skipped', runId, reason: plan.skipped };
  const supplies = plan.batches.reduce((n, b) => n + b.length, 0);
  const { run, created } = await deps.store.startRun(
    newRun({
      day,
      stage,
      runId,
      plannedAt: plan.plannedAt,
      modelVersion: plan.version,
      batchesPlanned: plan.batches.length,
      suppliesPlanned: supplies,
      timings: {
        planMs: deps.now() - started,
        loadMs: 0,
        modelMs: 0,
        writeMs: 0,
        batchMaxMs: 0,
        wallMs: null,
      },
    }),
  );
  if (run.runId !== runId) return { stage, outcome: 'superseded', runId, by: run.runId };
  // A redelivered tick republishes the same batches (same dedup ids); done ones are skipped.
  if (run.status === 'running') {
    for (const [batch, cups] of plan.batches.entries()) {
      const message: ForecastBatchMessage = {
        runId,
        day,
        stage,
        version: plan.version,
        batch,
        batches: plan.batches.length,
        cups,
      };
      await deps.bus.publish(FORECAST_BATCH_TOPIC, message, { dedupId: `${runId}/batch-${batch}` });
    }
  }
  return { stage, outcome: created ? 'planned' : 'replanned', plan, supplies };
}

/**
 * Plans the forecast of a day for each stage: fixes the model version of the stage (pre only
 * when staged), the active supplies and their batches (stored create-only), writes the run record
 * create-only and publishes one forecast-batch message per batch with a deterministic dedup id.
 * A stage that cannot be forecast (no prod model, version missing, no active supply, no reading
 * visible at the origin) gets a failed run record saying why. Re-planning the same tick changes
 * nothing and republishes the same messages.
 */
export async function planForecast(
  input: PlanForecastInput,
  deps: ForecastDeps,
): Promise<{ day: string; stages: PlannedStage[] }> {
  const day = input.day ?? addDays(localDayOf(deps.now(), 'Europe/Madrid'), 1);
  const stages: PlannedStage[] = [];
  for (const stage of input.stages ?? STAGES) stages.push(await planStage(day, stage, input, deps));
  return { day, stages };
}
