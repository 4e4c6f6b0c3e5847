/** Factories for prediction, run and batch records (contract and pipeline tests). */
import { localDayBoundsUtc } from '../../shared/calendar/zone.js';
import { newRun } from '../../shared/pipelines/forecast-run.js';
import {
  type BatchRecord,
  type FallbackReason,
  type RunRecord,
  type SupplyDayPrediction,
} from '../../shared/types.js';

const HOUR = 3_600_000;

/** Every hour of a Madrid day for one supply, wh = base + hour index, p10/p90 ±10 %. */
export function supplyDay(
  cups: string,
  day: string,
  overrides: Partial<Omit<SupplyDayPrediction, 'hours'>> & {
    base?: number;
    fallback?: FallbackReason | null;
  } = {},
): SupplyDayPrediction {
  const { base = 100, fallback = null, ...fields } = overrides;
  const [start, end] = localDayBoundsUtc(day, 'Europe/Madrid');
  const hours = Array.from({ length: (end - start) / HOUR }, (_, i) => {
    const wh = base + i;
    return { hourEnd: start + (i + 1) * HOUR, wh, p10: wh * 0.9, p90: wh * 1.1, fallback };
  });
  return {
    cups,
    day,
    modelVersion: 'v1',
    runId: 'run-a',
    issuedAt: Date.parse(`${day}T00:00:00Z`) - 13 * HOUR,
    hours,
    ...fields,
  };
}

export function runRecord(overrides: Partial<RunRecord> = {}): RunRecord {
  return newRun({
    day: '2024-03-31',
    stage: 'prod',
    runId: 'run-a',
    modelVersion: 'v1',
    plannedAt: Date.UTC(2024, 2, 30, 9),
    batchesPlanned: 3,
    suppliesPlanned: 5,
    timings: { planMs: 12, loadMs: 0, modelMs: 0, writeMs: 0, batchMaxMs: 0, wallMs: null },
    ...overrides,
  });
}

export function batchRecord(overrides: Partial<BatchRecord> = {}): BatchRecord {
  return {
    runId: 'run-a',
    batch: 0,
    status: 'done',
    supplies: 2,
    suppliesForecast: 2,
    rows: 46,
    fallbacks: { 'short-history': 1 },
    unforecast: [],
    error: null,
    loadMs: 5,
    modelMs: 7,
    writeMs: 3,
    finishedAt: Date.UTC(2024, 2, 30, 9, 1),
    ...overrides,
  };
}
