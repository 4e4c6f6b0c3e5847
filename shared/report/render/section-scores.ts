/** Section "Daily accuracy": WAPE per stage and baseline, and p10–p90 coverage, per scored day. */
import { type Stage } from '../../registry/stages.js';
import { REPORT_STAGES, type ReportData } from '../report-data.js';
import {
  COLORS,
  daySeconds,
  type SeriesPlan,
  type StaticChartPlan,
  thresholdSeries,
} from './chart-plan.js';
import { meanOf, percent, plural } from './format.js';
import { escapeHtml, htmlTable } from './html.js';
import { chartBlock, emptySection, type RenderedSection, sectionHtml } from './section.js';

const ID = 'accuracy';
const pct100 = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10_000) / 100;

function wapeSummary(data: ReportData, stages: readonly Stage[]): string {
  const { days, baselineNames } = data.scores;
  const means = stages.map((s) => `${s} ${percent(meanOf(days.map((d) => d.stages[s]?.wape)))}`);
  const baselineMeans = baselineNames
    .map((b) => ({ b, m: meanOf(days.map((d) => d.baselines[b])) }))
    .filter((x): x is { b: string; m: number } => x.m !== null)
    .sort((x, y) => x.m - y.m);
  const best = baselineMeans[0];
  const provisional = days.filter((d) => d.status === 'provisional').length;
  return [
    `WAPE of each day's forecasts (solid) and of the baselines on the same hours (dashed), %. Mean over ${plural(days.length, 'scored day')}: ${means.join(', ')}`,
    best ? `; the strongest baseline, ${best.b}, ${percent(best.m)}.` : '.',
    provisional > 0
      ? ` ${plural(provisional, 'day is', 'days are')} provisional (scored on daily P5D readings; re-scored when F5D/RF5D arrive).`
      : '',
  ].join('');
}

function coverageSummary(data: ReportData, stages: readonly Stage[]): string {
  const means = stages.map(
    (s) => `${s} ${percent(meanOf(data.scores.days.map((d) => d.stages[s]?.coverage)), 0)}`,
  );
  return `Share of each day's hourly actuals inside the forecast's p10–p90 interval, %. The dashed line is the nominal ${percent(data.scores.nominalCoverage, 0)}: above it the intervals are too wide, below it too narrow. Mean: ${means.join(', ')}.`;
}

function table(data: ReportData, stages: readonly Stage[]): string {
  const { days, baselineNames } = data.scores;
  const head = [
    'Day',
    'Status',
    ...stages.map((s) => `WAPE ${s}`),
    ...baselineNames.map((b) => `WAPE ${b}`),
    ...stages.map((s) => `Coverage ${s}`),
  ];
  const rows = days.map((d) => [
    d.date,
    d.status,
    ...stages.map((s) => percent(d.stages[s]?.wape)),
    ...baselineNames.map((b) => percent(d.baselines[b])),
    ...stages.map((s) => percent(d.stages[s]?.coverage, 0)),
  ]);
  return `<details><summary>The numbers</summary>${htmlTable(
    'Daily scores',
    head,
    rows.map((r) => r.map(escapeHtml)),
  )}</details>`;
}

/** Renders the section from the scored days. */
export function renderScoreSection(data: ReportData): RenderedSection {
  const title = 'Daily accuracy';
  const { days, baselineNames } = data.scores;
  if (days.length === 0) {
    const text =
      'No forecasts scored yet: a day is scored once its actuals arrive and the daily monitoring runs.';
    return emptySection(ID, title, text);
  }
  const stages = REPORT_STAGES.filter((s) => days.some((d) => d.stages[s] !== undefined));
  const xs = days.map((d) => daySeconds(d.date));
  const stageSeries = (s: Stage): SeriesPlan => ({
    label: s,
    color: COLORS[s],
    width: 2,
    points: true,
  });
  const wape: StaticChartPlan = {
    kind: 'static',
    id: 'chart-wape',
    x: 'day',
    y: { label: 'WAPE (%)', format: 'pct', min: 0 },
    description: 'Daily WAPE of each stage and baseline',
    series: [
      ...stages.map(stageSeries),
      ...baselineNames.map((b, i) => ({
        label: b,
        color: COLORS.baselines[i % COLORS.baselines.length] ?? COLORS.other,
        width: 1.5,
        dash: [6, 4],
        points: true,
      })),
    ],
    data: [
      xs,
      ...stages.map((s) => days.map((d) => pct100(d.stages[s]?.wape))),
      ...baselineNames.map((b) => days.map((d) => pct100(d.baselines[b]))),
    ],
  };
  const coverage: StaticChartPlan = {
    kind: 'static',
    id: 'chart-coverage',
    x: 'day',
    y: { label: 'Inside p10–p90 (%)', format: 'pct', min: 0, max: 100 },
    description: 'Daily share of actuals inside the p10–p90 interval, against the nominal 80 %',
    series: [
      ...stages.map(stageSeries),
      thresholdSeries(`nominal ${percent(data.scores.nominalCoverage, 0)}`),
    ],
    data: [
      xs,
      ...stages.map((s) => days.map((d) => pct100(d.stages[s]?.coverage))),
      days.map(() => pct100(data.scores.nominalCoverage)),
    ],
  };
  const body = [
    chartBlock(wape, wapeSummary(data, stages), 'WAPE per day'),
    chartBlock(coverage, coverageSummary(data, stages), 'Interval coverage per day'),
    table(data, stages),
  ].join('\n');
  return { id: ID, title, html: sectionHtml(ID, title, body), charts: [wape, coverage] };
}
