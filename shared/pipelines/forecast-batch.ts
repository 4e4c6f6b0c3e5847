import { AppError } from '../errors.js';
import { type ForecastBatchMessage } from '../events/forecast.js';
import { forecastSupplyDays } from '../forecast/supply-days.js';
import { type LoadedModel } from '../registry/load-model.js';
import { type ModelSource } from '../registry/model-cache.js';
import { type BatchRecord, type RunKey, type RunRecord } from '../types.js';
import { type CompletionOutcome, completeIfDone, failRun } from './forecast-complete.js';
import { loadBatchData } from './forecast-data.js';
import { type ForecastDeps } from './forecast-run.js';

export interface ForecastBatchDeps extends ForecastDeps {
  /** Loaded model versions (createModelCache: cached per instance by version). */
  models: ModelSource;
}

export type BatchOutcome =
  | { outcome: 'done' | 'already-recorded'; record: BatchRecord; completion: CompletionOutcome }
  | { outcome: 'superseded'; by: string | null }
  | { outcome: 'run-failed'; reason: string };

const keyOf = (m: ForecastBatchMessage): RunKey => ({
  kind: 'forecast',
  day: m.day,
  stage: m.stage,
});

/** The run a batch belongs to, unless another run has taken the (day, stage) or it failed. */
async function currentRun(
  m: ForecastBatchMessage,
  deps: ForecastDeps,
): Promise<RunRecord | Exclude<BatchOutcome, { record: BatchRecord }>> {
  const run = await deps.store.getRun(keyOf(m));
  if (run === undefined || run.runId !== m.runId) {
    return { outcome: 'superseded', by: run?.runId ?? null };
  }
  if (run.status === 'failed') return { outcome: 'run-failed', reason: run.error ?? 'failed' };
  return run;
}

/**
 * Forecasts one batch of a planned run: loads the model version the message names, reads the
 * batch's supplies only, forecasts and stores every hour of the day (each supply-day replaced
 * whole), records the batch and, if it is the last, closes the run (completeIfDone). A batch
 * already recorded is not forecast again; a batch of a run replaced by a newer one does nothing.
 * A model that cannot be loaded for good (missing version, corrupt file) fails the run.
 * @throws TransientError (and unknown errors) for the caller to retry
 */
export async function forecastBatch(
  m: ForecastBatchMessage,
  deps: ForecastBatchDeps,
): Promise<BatchOutcome> {
  const run = await currentRun(m, deps);
  if (!('runId' in run)) return run;
  const held = await deps.store.getBatch(m.runId, m.batch);
  if (held !== undefined && held.status === 'done') {
    const completion = await completeIfDone(run, deps, true);
    return { outcome: 'already-recorded', record: held, completion };
  }
  const started = deps.now();
  let model: LoadedModel;
  try {
    model = await deps.models(m.version);
  } catch (error: unknown) {
    if (!(error instanceof AppError) || error.retryable) throw error;
    const reason = `Model ${m.version} cannot be used: ${error.message}`;
    await failRun(run, reason, deps);
    return { outcome: 'run-failed', reason };
  }
  let record: BatchRecord;
  try {
    record = await forecastAndStore(m, model, run, deps, started);
  } catch (error: unknown) {
    // Bad stored data fails this batch for good (recorded, not retried); the rest retries.
    if (!(error instanceof AppError) || error.retryable) throw error;
    record = failedBatch(m, `batch failed: ${error.message}`, deps.now());
  }
  await deps.store.recordBatch(record);
  return { outcome: 'done', record, completion: await completeIfDone(run, deps, false) };
}

/** Reads, forecasts and stores one batch; returns its done record (not yet recorded). */
async function forecastAndStore(
  m: ForecastBatchMessage,
  model: LoadedModel,
  run: RunRecord,
  deps: ForecastBatchDeps,
  started: number,
): Promise<BatchRecord> {
  const data = await loadBatchData(deps.store, m.cups, m.day, model.manifest.data.dataLatencyDays);
  const loaded = deps.now();
  const forecast = forecastSupplyDays({
    model,
    supplies: data.features,
    weather: data.weather,
    day: m.day,
    runId: m.runId,
    issuedAt: run.plannedAt,
  });
  const predicted = deps.now();
  await deps.store.replacePredictions(m.stage, forecast.days);
  const finished = deps.now();
  return {
    runId: m.runId,
    batch: m.batch,
    status: 'done',
    supplies: m.cups.length,
    suppliesForecast: forecast.days.length,
    rows: forecast.rows,
    fallbacks: forecast.fallbacks,
    unforecast: [...data.missing, ...forecast.unforecast],
    error: null,
    loadMs: loaded - started,
    modelMs: predicted - loaded,
    writeMs: finished - predicted,
    finishedAt: finished,
  };
}

/** The record of a batch none of whose supplies were forecast. */
function failedBatch(m: ForecastBatchMessage, reason: string, now: number): BatchRecord {
  return {
    runId: m.runId,
    batch: m.batch,
    status: 'failed',
    supplies: m.cups.length,
    suppliesForecast: 0,
    rows: 0,
    fallbacks: {},
    unforecast: m.cups.map((cups) => ({ cups, reason })),
    error: reason,
    loadMs: 0,
    modelMs: 0,
    writeMs: 0,
    finishedAt: now,
  };
}

/**
 * Records a batch Pub/Sub gave up on (dead-lettered after `attempts` deliveries) as failed, its
 * supplies unforecast, and closes the run if it was the last. A batch already done stays done.
 */
export async function recordDeadBatch(
  m: ForecastBatchMessage,
  attempts: number,
  deps: ForecastDeps,
): Promise<BatchOutcome> {
  const run = await currentRun(m, deps);
  if (!('runId' in run)) return run;
  const record = failedBatch(
    m,
    `batch dead-lettered after ${attempts} delivery attempts`,
    deps.now(),
  );
  const stored = await deps.store.recordBatch(record);
  const held = stored ? record : ((await deps.store.getBatch(m.runId, m.batch)) ?? record);
  return {
    outcome: stored ? 'done' : 'already-recorded',
    record: held,
    completion: await completeIfDone(run, deps, true),
  };
}

/** What to log of a batch outcome: counts and the run's progress, never the CUPS. */
export function batchLogFields(o: BatchOutcome): Record<string, unknown> {
  if (!('record' in o)) return { ...o };
  const { status, rows, suppliesForecast, unforecast, error } = o.record;
  const counts = { status, rows, suppliesForecast, unforecast: unforecast.length, error };
  return { outcome: o.outcome, ...counts, completion: o.completion };
}
