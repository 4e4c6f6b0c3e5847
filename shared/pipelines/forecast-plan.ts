import { addDays } from '../calendar/days.js';
import { localDayOf, MARKET_ZONE } from '../calendar/zone.js';
import { AppError, InvalidInputError, PreconditionFailedError } from '../errors.js';
import { type ForecastBatchMessage } from '../events/forecast.js';
import { showVersion } from '../registry/registry.js';
import { readStages } from '../registry/stages.js';
import { parseStoredJson } from '../registry/stored-json.js';
import { STAGES, type Stage } from '../types.js';
import { checkOriginData } from './forecast-data.js';
import {
  FORECAST_BATCH_TOPIC,
  type ForecastDeps,
  type ForecastPlan,
  forecastPlanPath,
  forecastRunId,
  newRun,
  splitBatches,
} from './forecast-run.js';

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
  if (held !== undefined)
    return parseStoredJson(held.bytes, forecastPlanPath(runId)) as ForecastPlan;
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
  const day = input.day ?? addDays(localDayOf(deps.now(), MARKET_ZONE), 1);
  const stages: PlannedStage[] = [];
  for (const stage of input.stages ?? STAGES) stages.push(await planStage(day, stage, input, deps));
  return { day, stages };
}
