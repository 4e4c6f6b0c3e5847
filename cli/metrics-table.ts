import { type AssembleOutcome, type SegmentResult } from '../shared/pipelines/train.js';

/** Fixed-width text table: first row is the header. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  '),
    )
    .join('\n');
}

const pct = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? '-' : `${(v * 100).toFixed(1)}%`;

/** The per-segment and overall backtest table `mce train` prints at the end. */
export function trainMetricsTable(
  segments: readonly SegmentResult[],
  outcome: AssembleOutcome,
): string {
  const header = [
    'segment',
    'supplies',
    'rows',
    'WAPE',
    'MAPE',
    'bias',
    'WAPE naive',
    'WAPE persist.',
    'skill naive',
    'skill persist.',
  ];
  const line = (
    name: string,
    supplies: string,
    rows: string,
    o: SegmentResult['report']['overall'],
  ) => [
    name,
    supplies,
    rows,
    pct(o.model.wape),
    pct(o.model.mape),
    pct(o.model.bias),
    pct(o.seasonalNaive.wape),
    pct(o.persistence.wape),
    pct(o.skillVsSeasonalNaive),
    pct(o.skillVsPersistence),
  ];
  const rows = [
    header,
    ...segments.map((s) =>
      line(String(s.segment), String(s.supplies), String(s.trainRows), s.report.overall),
    ),
  ];
  if (outcome.outcome !== 'waiting' && outcome.report !== null) {
    const supplies = segments.reduce((n, s) => n + s.supplies, 0);
    const trainRows = segments.reduce((n, s) => n + s.trainRows, 0);
    rows.push(line('all', String(supplies), String(trainRows), outcome.report));
  }
  return formatTable(rows);
}
