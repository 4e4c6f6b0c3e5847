import { type RunPatch } from '../ports.js';
import { type BatchRecord, type RunKey, type RunRecord, type RunStatus } from '../types.js';
import { type ForecastDeps } from './forecast-run.js';

/** Topic a finished run (complete or partial) is announced on. */
export const FORECAST_COMPLETED_TOPIC = 'forecast-completed';

/** What forecast-completed carries. */
export interface ForecastCompleted {
  runId: string;
  day: string;
  stage: RunRecord['stage'];
  modelVersion: string | null;
  status: RunStatus;
  batchesDone: number;
  batchesFailed: number;
  suppliesForecast: number;
  rows: number;
}

export type CompletionOutcome =
  | { outcome: 'waiting'; done: number; failed: number; planned: number }
  | { outcome: 'finished'; status: RunStatus; published: boolean }
  | { outcome: 'superseded'; by: string };

const keyOf = (run: RunKey): RunKey => ({ kind: run.kind, day: run.day, stage: run.stage });

function add<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>) {
  for (const [k, n] of Object.entries(from) as [K, number][]) into[k] = (into[k] ?? 0) + n;
}

/** The final counts of a run from its batch records. */
export function summariseRun(
  run: RunRecord,
  batches: readonly BatchRecord[],
  now: number,
): RunPatch {
  const done = batches.filter((b) => b.status === 'done');
  const failed = batches.length - done.length;
  const fallbacks: RunRecord['fallbacks'] = {};
  const unforecast: RunRecord['unforecast'] = {};
  const timings = { ...run.timings, loadMs: 0, modelMs: 0, writeMs: 0, batchMaxMs: 0 };
  for (const b of batches) {
    add(fallbacks, b.fallbacks);
    for (const u of b.unforecast) unforecast[u.reason] = (unforecast[u.reason] ?? 0) + 1;
    timings.loadMs += b.loadMs;
    timings.modelMs += b.modelMs;
    timings.writeMs += b.writeMs;
    timings.batchMaxMs = Math.max(timings.batchMaxMs, b.loadMs + b.modelMs + b.writeMs);
  }
  const status: RunStatus = done.length === 0 ? 'failed' : failed > 0 ? 'partial' : 'complete';
  return {
    status,
    batchesDone: done.length,
    batchesFailed: failed,
    suppliesForecast: done.reduce((n, b) => n + b.suppliesForecast, 0),
    rows: done.reduce((n, b) => n + b.rows, 0),
    fallbacks,
    unforecast,
    ...(status === 'failed' ? { error: 'every batch failed' } : {}),
    completedAt: now,
    timings: { ...timings, wallMs: now - run.plannedAt },
  };
}

async function announce(run: RunRecord, deps: ForecastDeps): Promise<boolean> {
  if (run.status !== 'complete' && run.status !== 'partial') return false;
  const message: ForecastCompleted = {
    runId: run.runId,
    day: run.day,
    stage: run.stage,
    modelVersion: run.modelVersion,
    status: run.status,
    batchesDone: run.batchesDone,
    batchesFailed: run.batchesFailed,
    suppliesForecast: run.suppliesForecast,
    rows: run.rows,
  };
  await deps.bus.publish(FORECAST_COMPLETED_TOPIC, message, {
    dedupId: `forecast-completed/${run.runId}`,
  });
  await deps.store.updateRun(keyOf(run), run.runId, run.status, { notified: true });
  return true;
}

/**
 * Once every batch of the run is recorded (done or failed), closes the run with its counts and
 * announces it on forecast-completed. Of concurrent callers exactly one wins the close and
 * publishes. `repair` (a redelivered batch) republishes, under the same dedup id, the
 * announcement of a closed run whose publish did not go through (its winner failed after closing).
 */
export async function completeIfDone(
  run: RunRecord,
  deps: ForecastDeps,
  repair: boolean,
): Promise<CompletionOutcome> {
  let current = run;
  if (current.status === 'running') {
    const counts = await deps.store.countBatches(run.runId);
    if (counts.done + counts.failed < run.batchesPlanned) {
      return { outcome: 'waiting', ...counts, planned: run.batchesPlanned };
    }
    const patch = summariseRun(run, await deps.store.listBatches(run.runId), deps.now());
    if (await deps.store.updateRun(keyOf(run), run.runId, 'running', patch)) {
      const closed = { ...run, ...patch };
      return {
        outcome: 'finished',
        status: closed.status,
        published: await announce(closed, deps),
      };
    }
    current = (await deps.store.getRun(keyOf(run))) ?? run;
    if (current.runId !== run.runId) return { outcome: 'superseded', by: current.runId };
  }
  const published = repair && !current.notified ? await announce(current, deps) : false;
  return { outcome: 'finished', status: current.status, published };
}

/** Marks a running run failed with a reason (a permanent error no batch can get past). */
export async function failRun(
  run: RunRecord,
  reason: string,
  deps: ForecastDeps,
): Promise<boolean> {
  const now = deps.now();
  return deps.store.updateRun(keyOf(run), run.runId, 'running', {
    status: 'failed',
    error: reason,
    completedAt: now,
    timings: { ...run.timings, wallMs: now - run.plannedAt },
  });
}
