/** Section "Error by consumption band": WAPE and MAPE per band of the hour's actual (the seed's figure). */
import { type Stage } from '../../registry/stages.js';
import { type BandError, REPORT_STAGES, type ReportData } from '../report-data.js';
import { COLORS } from './chart-plan.js';
import { bandLabel, percent } from './format.js';
import { escapeHtml, htmlTable } from './html.js';
import { emptySection, type RenderedSection, sectionHtml, svgBlock } from './section.js';
import { groupedBarsSvg } from './svg-bars.js';

const ID = 'bands';
const pct100 = (v: number | null) => (v === null ? null : v * 100);

function worstBand(bands: readonly BandError[]): BandError | undefined {
  return bands
    .filter((b) => b.wape !== null && b.n > 0)
    .sort((a, b) => (b.wape ?? 0) - (a.wape ?? 0))[0];
}

/** Renders the section from the period's band errors. */
export function renderBandSection(data: ReportData): RenderedSection {
  const title = 'Error by consumption band';
  const stages = REPORT_STAGES.filter((s) => data.bands.stages[s]?.some((b) => b.n > 0));
  if (stages.length === 0) {
    return emptySection(
      ID,
      title,
      'No forecasts scored yet: no forecast hour of the period has its actual.',
    );
  }
  const reference = data.bands.stages[stages[0] ?? 'prod'] ?? [];
  const categories = reference.map((b) => bandLabel(b.fromWh, b.toWh));
  const series = (metric: 'wape' | 'mape') =>
    stages.map((s: Stage) => ({
      label: s,
      color: COLORS[s],
      values: (data.bands.stages[s] ?? []).map((b) => pct100(b[metric])),
    }));
  const chart = (metric: 'wape' | 'mape') =>
    groupedBarsSvg({
      title: `${metric.toUpperCase()} by band`,
      description: `${metric.toUpperCase()} by band of actual hourly consumption, per stage`,
      categories,
      categoryLabel: 'Actual consumption in the hour',
      series: series(metric),
      yLabel: `${metric.toUpperCase()} (%)`,
      format: (v) => v.toFixed(v >= 100 ? 0 : 1),
    });
  const worst = worstBand(reference);
  const lead = `Hours of the period grouped by their actual consumption; WAPE = Σ|actual − forecast| / Σ actual within the band, MAPE = mean |actual − forecast| / actual over the hours above 10 % of the supply's mean. Each stage is scored on the hours it forecast.`;
  const summary = worst
    ? `${lead} ${stages[0]}'s relative error is highest in the ${bandLabel(worst.fromWh, worst.toWh)} band (WAPE ${percent(worst.wape)} over ${worst.n} hours).`
    : lead;
  const rows = reference.map((b, i) => [
    escapeHtml(bandLabel(b.fromWh, b.toWh)),
    ...stages.flatMap((s) => {
      const band = data.bands.stages[s]?.[i];
      return [String(band?.n ?? 0), percent(band?.wape), percent(band?.mape)];
    }),
  ]);
  const head = ['Band', ...stages.flatMap((s) => [`Hours ${s}`, `WAPE ${s}`, `MAPE ${s}`])];
  const body = [
    svgBlock(`<div class="pair">${chart('wape')}${chart('mape')}</div>`, summary),
    `<details><summary>The numbers</summary>${htmlTable('Errors by band', head, rows)}</details>`,
  ].join('\n');
  return { id: ID, title, html: sectionHtml(ID, title, body), charts: [] };
}
