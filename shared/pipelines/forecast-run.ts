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
import { type RunRecord, type Stage } from '../types.js';

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
