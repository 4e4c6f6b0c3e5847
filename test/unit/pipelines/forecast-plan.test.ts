import { describe, expect, it } from 'vitest';
import { summariseRun } from '../../../shared/pipelines/forecast-complete.js';
import { forecastWindow } from '../../../shared/pipelines/forecast-data.js';
import { forecastRunId, splitBatches } from '../../../shared/pipelines/forecast-run.js';
import { batchRecord, runRecord } from '../../helpers/forecast-records.js';

describe('splitBatches', () => {
  it.each([
    [[], 3, []],
    [['a', 'b', 'c'], 3, [['a', 'b', 'c']]],
    [['a', 'b', 'c', 'd', 'e'], 2, [['a', 'b'], ['c', 'd'], ['e']]],
  ])('splits %o by %i', (cups, size, expected) => {
    expect(splitBatches(cups, size)).toEqual(expected);
  });
});

describe('forecastRunId', () => {
  it('names the day, stage and tick, replacing characters a run id cannot hold', () => {
    expect(forecastRunId('2024-03-31', 'pre', 'projects/p/msg 7')).toBe(
      'forecast-2024-03-31-pre-projects_p_msg_7',
    );
  });
});

describe('forecastWindow', () => {
  it.each([
    ['2024-03-31', 2, '2024-03-02'],
    ['2024-03-31', 1, '2024-03-03'],
    ['2024-10-27', 2, '2024-09-28'],
  ])('for %s with latency %i starts on %s and ends on the day', (day, latency, first) => {
    expect(forecastWindow(day, latency)).toEqual({ first, last: day });
  });
});

describe('summariseRun', () => {
  it('sums the batches: counts, fallbacks, unforecast reasons and timings', () => {
    const run = runRecord({ plannedAt: 1000 });
    const batches = [
      batchRecord({ batch: 0, rows: 46, suppliesForecast: 2, fallbacks: { 'new-supply': 1 } }),
      batchRecord({
        batch: 1,
        rows: 23,
        suppliesForecast: 1,
        fallbacks: { 'new-supply': 2, 'flat-readings': 1 },
        unforecast: [{ cups: 'ES1', reason: 'unknown supply' }],
        loadMs: 50,
      }),
      batchRecord({
        batch: 2,
        status: 'failed',
        rows: 0,
        suppliesForecast: 0,
        fallbacks: {},
        unforecast: [
          { cups: 'ES2', reason: 'batch dead-lettered after 5 delivery attempts' },
          { cups: 'ES3', reason: 'batch dead-lettered after 5 delivery attempts' },
        ],
      }),
    ];

    expect(summariseRun(run, batches, 9000)).toEqual({
      status: 'partial',
      batchesDone: 2,
      batchesFailed: 1,
      suppliesForecast: 3,
      rows: 69,
      fallbacks: { 'new-supply': 3, 'flat-readings': 1 },
      unforecast: { 'unknown supply': 1, 'batch dead-lettered after 5 delivery attempts': 2 },
      completedAt: 9000,
      timings: { planMs: 12, loadMs: 60, modelMs: 21, writeMs: 9, batchMaxMs: 60, wallMs: 8000 },
    });
  });

  it('is complete when every batch is done, failed when none is', () => {
    expect(summariseRun(runRecord(), [batchRecord()], 0).status).toBe('complete');
    expect(summariseRun(runRecord(), [batchRecord({ status: 'failed' })], 0)).toMatchObject({
      status: 'failed',
      error: 'every batch failed',
    });
  });
});
