/** Section "Input drift": corrected p-values and effect sizes per feature and day, with thresholds. */
import { type DriftDay, type ReportData } from '../report-data.js';
import {
  COLORS,
  daySeconds,
  type SeriesPlan,
  type StaticChartPlan,
  thresholdSeries,
} from './chart-plan.js';
import { plural } from './format.js';
import { escapeHtml, htmlTable } from './html.js';
import { chartBlock, emptySection, type RenderedSection, sectionHtml } from './section.js';

const ID = 'drift';
/** p-values below this are drawn at it (a log axis cannot show 0). */
export const P_FLOOR = 1e-16;
/** Features drawn in colour; the others are drawn thin and grey. */
const COLOURED = 6;

const EFFECT_NAMES: Readonly<Record<string, string>> = {
  'wasserstein-sd': 'Wasserstein distance / reference sd',
  'ks-statistic': 'KS statistic D',
  'cramers-v': "Cramér's V",
};
const CORRECTIONS: Readonly<Record<string, string>> = {
  'benjamini-hochberg': 'Benjamini-Hochberg',
  holm: 'Holm',
};

/** Features ordered by concern: ever in alarm first, then by their smallest adjusted p-value. */
function rankFeatures(days: readonly DriftDay[]): string[] {
  const best = new Map<string, { alarm: boolean; p: number }>();
  for (const f of days.flatMap((d) => d.features)) {
    const seen = best.get(f.feature) ?? { alarm: false, p: 1 };
    best.set(f.feature, { alarm: seen.alarm || f.alarm, p: Math.min(seen.p, f.adjustedPValue) });
  }
  return [...best.entries()]
    .sort(
      (a, b) =>
        Number(b[1].alarm) - Number(a[1].alarm) || a[1].p - b[1].p || (a[0] < b[0] ? -1 : 1),
    )
    .map(([name]) => name);
}

function featureSeries(features: readonly string[]): SeriesPlan[] {
  return features.map((f, i) =>
    i < COLOURED
      ? { label: f, color: COLORS.features[i] ?? COLORS.other, width: 2, points: true }
      : { label: f, color: COLORS.other, width: 1 },
  );
}

function column(
  days: readonly DriftDay[],
  feature: string,
  pick: 'p' | 'effect',
): (number | null)[] {
  return days.map((d) => {
    const f = d.features.find((x) => x.feature === feature);
    if (!f) return null;
    return pick === 'p' ? Math.min(1, Math.max(P_FLOOR, f.adjustedPValue)) : f.effect;
  });
}

function alarmTable(days: readonly DriftDay[]): string {
  const rows = days.flatMap((d) =>
    d.features
      .filter((f) => f.alarm)
      .map((f) => [
        d.date,
        f.feature,
        f.test === 'ks' ? 'Kolmogorov-Smirnov' : 'chi-squared',
        f.adjustedPValue.toExponential(2),
        `${f.effect.toPrecision(3)} (${EFFECT_NAMES[f.effectName] ?? f.effectName})`,
        String(f.minEffect),
      ]),
  );
  if (rows.length === 0) return '<p>No feature was in alarm in this period.</p>';
  const head = ['Day', 'Feature', 'Test', 'Adjusted p', 'Effect', 'Minimum effect'];
  return htmlTable(
    'Drift alarms',
    head,
    rows.map((r) => r.map(escapeHtml)),
  );
}

/** Renders the section from the period's daily drift tests. */
export function renderDriftSection(data: ReportData): RenderedSection {
  const title = 'Input drift';
  const { days } = data.drift;
  if (days.length === 0) {
    return emptySection(ID, title, 'No drift tests in this period yet.');
  }
  const features = rankFeatures(days);
  const xs = days.map((d) => daySeconds(d.date));
  const alpha = days[days.length - 1]?.alpha ?? 0.01;
  const correction = days[days.length - 1]?.correction ?? '';
  const minima = [...new Set(days.flatMap((d) => d.features.map((f) => f.minEffect)))].sort();
  const pPlan: StaticChartPlan = {
    kind: 'static',
    id: 'chart-drift-p',
    x: 'day',
    y: { label: 'Adjusted p-value (log scale)', format: 'p', log: true, max: 1 },
    description:
      'Adjusted p-value of each feature drift test per day, against the alarm level alpha',
    series: [...featureSeries(features), thresholdSeries(`α = ${alpha}`)],
    data: [xs, ...features.map((f) => column(days, f, 'p')), days.map((d) => d.alpha)],
  };
  const effectPlan: StaticChartPlan = {
    kind: 'static',
    id: 'chart-drift-effect',
    x: 'day',
    y: { label: 'Effect size (dimensionless)', format: 'num', min: 0 },
    description:
      'Effect size of each feature drift per day, against the minimum effect for an alarm',
    series: [
      ...featureSeries(features),
      ...minima.map((m) => thresholdSeries(`minimum effect ${m}`)),
    ],
    data: [
      xs,
      ...features.map((f) => column(days, f, 'effect')),
      ...minima.map((m) => days.map(() => m)),
    ],
  };
  const alarmDays = days.filter((d) => d.features.some((f) => f.alarm));
  const alarmed = features.filter((f) =>
    days.some((d) => d.features.some((x) => x.feature === f && x.alarm)),
  );
  const pSummary = `Each input feature's recent window tested against the model's reference sample (Kolmogorov-Smirnov for continuous features, chi-squared for categorical ones), p-values corrected by ${CORRECTIONS[correction] ?? correction} over the ${plural(features.length, 'feature')} tested. Below the dashed line α = ${alpha} the shift is significant; an alarm also needs the effect below to reach its minimum. ${
    alarmed.length === 0
      ? 'No alarm in this period.'
      : `Alarms on ${plural(alarmDays.length, 'day')}, first on ${alarmDays[0]?.date}: ${alarmed.join(', ')}.`
  } p-values under ${P_FLOOR} are drawn at ${P_FLOOR}.`;
  const effectSummary = `How large each shift is: the Wasserstein distance divided by the reference standard deviation for continuous features, Cramér's V for categorical ones (both dimensionless). The dashed line is the minimum effect an alarm needs, so that a large sample does not alarm on a trivial shift.`;
  const body = [
    chartBlock(pPlan, pSummary, 'Significance'),
    chartBlock(effectPlan, effectSummary, 'Effect size'),
    '<h3>Alarms</h3>',
    alarmTable(days),
  ].join('\n');
  return { id: ID, title, html: sectionHtml(ID, title, body), charts: [pPlan, effectPlan] };
}
