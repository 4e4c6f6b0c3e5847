/** Small hand-made report documents for renderer tests. */
import { hourGrid } from '../../shared/report/forecast-series.js';
import {
  NOMINAL_COVERAGE,
  REPORT_KIND,
  REPORT_SCHEMA_VERSION,
  type ReportData,
} from '../../shared/report/report-data.js';

export const REPORT_CUPS = 'ES0031000000001000ZZ';

/** A valid report with nothing in it (a fresh install), over one June day. */
export function emptyReport(overrides: Partial<ReportData> = {}): ReportData {
  return {
    kind: REPORT_KIND,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: Date.UTC(2025, 5, 11, 9),
    timeZone: 'Europe/Madrid',
    from: '2025-06-10',
    to: '2025-06-10',
    forecasts: {
      fleet: { hourEnd: [], stages: {}, supplies: {} },
      supplies: [],
      selection: 'largest-error',
    },
    scores: { days: [], baselineNames: [], nominalCoverage: NOMINAL_COVERAGE },
    bands: { stages: {} },
    drift: { days: [] },
    lineage: { prod: null, pre: null, versions: [], changes: [] },
    alerts: { notices: [] },
    ...overrides,
  };
}

/** One day of one supply forecast by prod (100 Wh an hour), its actual 120 Wh but the last hour. */
export function oneSupplyReport(): ReportData {
  const grid = hourGrid('2025-06-10', '2025-06-10');
  const hourEnd = Array.from({ length: grid.hours }, (_, i) => grid.startMs + (i + 1) * 3_600_000);
  const hours = {
    wh: hourEnd.map(() => 100),
    p10: hourEnd.map(() => 50),
    p90: hourEnd.map(() => 110),
    actualWh: hourEnd.map((_, i) => (i === hourEnd.length - 1 ? null : 120)),
  };
  return emptyReport({
    forecasts: {
      fleet: { hourEnd, stages: { prod: hours }, supplies: { prod: 1 } },
      supplies: [{ cups: REPORT_CUPS, prodAbsErrorWh: 460, hourEnd, stages: { prod: hours } }],
      selection: 'requested',
    },
  });
}
