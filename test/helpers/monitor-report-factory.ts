/** Monitor reports for tests: a complete, plausible report with fields to override. */
import {
  type AccuracyScore,
  type MonitorReport,
  type ScoredDay,
  type StageDayScore,
} from '../../shared/types.js';

/** An accuracy score with round numbers (fractions, not percents). */
export function accuracyScore(overrides: Partial<AccuracyScore> = {}): AccuracyScore {
  return {
    hours: 48,
    wape: 0.2,
    mape: 0.25,
    bias: -0.05,
    coverage: 0.8,
    belowP10: 0.1,
    aboveP90: 0.1,
    baselines: { seasonalNaive: 0.3, mean7: 0.28, median28: 0.27 },
    ...overrides,
  };
}

/** A prod stage score with one segment and two bands. */
export function stageDayScore(overrides: Partial<StageDayScore> = {}): StageDayScore {
  return {
    ...accuracyScore(),
    stage: 'prod',
    modelVersion: 'v-20250101',
    bySegment: [{ ...accuracyScore(), segment: 0 }],
    byBand: [
      { fromWh: 0, toWh: 100, hours: 20, wape: 0.4, mape: null },
      { fromWh: 100, toWh: null, hours: 28, wape: 0.15, mape: 0.15 },
    ],
    ...overrides,
  };
}

/** A provisional forecast day scored on prod. */
export function scoredDay(overrides: Partial<ScoredDay> = {}): ScoredDay {
  return {
    date: '2025-03-01',
    status: 'provisional',
    actualsCoverage: 1,
    stages: { prod: stageDayScore() },
    ...overrides,
  };
}

/** A monitor report of run day `date` with one scored day, no drift tested, nothing decided. */
export function monitorReport(overrides: Partial<MonitorReport> = {}): MonitorReport {
  return {
    date: '2025-03-05',
    ranAt: Date.UTC(2025, 2, 5, 8),
    days: [scoredDay()],
    drift: {
      from: '2025-02-26',
      to: '2025-03-04',
      modelVersion: 'v-20250101',
      correction: 'benjamini-hochberg',
      alpha: 0.05,
      features: [],
      skipped: 'no reference sample',
    },
    alerts: { firing: [], opened: 0, resolved: 0, sent: 0, pending: 0, lastError: null },
    retrain: { requested: false, reason: 'no alert asks for it', runId: null },
    promotion: {
      action: 'none',
      reason: 'no pre model',
      prod: 'v-20250101',
      pre: null,
      evidence: [],
    },
    ...overrides,
  };
}
