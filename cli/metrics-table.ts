import { type BacktestOverall } from '../shared/models/backtest.js';
import { BASELINE_NAMES } from '../shared/models/baselines.js';
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
    'p10-p90',
    '<p10',
    '>p90',
    ...BASELINE_NAMES.map((name) => `WAPE ${name}`),
    'skill',
  ];
  const line = (name: string, supplies: string, rows: string, o: BacktestOverall) => [
    name,
    supplies,
    rows,
    pct(o.model.wape),
    pct(o.model.mape),
    pct(o.model.bias),
    pct(o.model.coverage),
    pct(o.model.belowP10),
    pct(o.model.aboveP90),
    ...BASELINE_NAMES.map((b) => pct(o.baselines[b].wape)),
    `${pct(o.skill[o.strongestBaseline])} vs ${o.strongestBaseline}`,
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
    const champion = outcome.report.champion;
    if (champion !== null) {
      rows.push([
        'prod model',
        '',
        '',
        pct(champion.wape),
        pct(champion.mape),
        pct(champion.bias),
        pct(champion.coverage),
        pct(champion.belowP10),
        pct(champion.aboveP90),
        ...BASELINE_NAMES.map(() => ''),
        '',
      ]);
    }
  }
  return formatTable(rows);
}
