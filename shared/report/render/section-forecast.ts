/** Section "Forecasts and actuals": the fleet total and a chosen supply, for the chosen stage. */
import { type Stage } from '../../registry/stages.js';
import {
  NOMINAL_COVERAGE,
  REPORT_STAGES,
  type ReportData,
  type StageHours,
} from '../report-data.js';
import { type ForecastChartPlan } from './chart-plan.js';
import { percent, plural } from './format.js';
import { escapeHtml } from './html.js';
import {
  chartBlock,
  emptySection,
  emptyState,
  type RenderedSection,
  sectionHtml,
} from './section.js';

const ID = 'forecasts';
const Y = { label: 'Energy per hour (kWh)', format: 'kwh' } as const;

/** Hours with both a forecast and an actual, their WAPE and the share inside p10–p90. */
export function scoreHours(h: StageHours): {
  forecast: number;
  scored: number;
  wape: number | null;
  coverage: number | null;
} {
  let forecast = 0;
  let scored = 0;
  let absError = 0;
  let actual = 0;
  let inside = 0;
  h.wh.forEach((wh, i) => {
    if (wh === null) return;
    forecast++;
    const a = h.actualWh[i];
    if (a === null || a === undefined) return;
    scored++;
    absError += Math.abs(a - wh);
    actual += a;
    if (a >= (h.p10[i] ?? Number.POSITIVE_INFINITY) && a <= (h.p90[i] ?? Number.NEGATIVE_INFINITY))
      inside++;
  });
  return {
    forecast,
    scored,
    wape: actual > 0 ? absError / actual : null,
    coverage: scored > 0 ? inside / scored : null,
  };
}

function fleetSummary(stage: Stage, h: StageHours | undefined, supplies: number): string {
  if (!h) return `No ${stage} forecasts in this period.`;
  const s = scoreHours(h);
  const lead = `Sum of ${stage}'s hourly forecasts for ${plural(supplies, 'supply', 'supplies')} against the sum of their actuals, kWh per hour. The shaded band spans the sums of the supplies' p10 and p90, wider than an 80 % interval of the total because supply errors partly cancel.`;
  return s.scored === 0
    ? `${lead} No hour of the period has every actual in yet.`
    : `${lead} Over the ${plural(s.scored, 'hour')} whose actuals are all in, the total's WAPE is ${percent(s.wape)}.`;
}

function supplySummary(cups: string, stage: Stage, h: StageHours | undefined): string {
  if (!h) return `No ${stage} forecasts for ${cups} in this period.`;
  const s = scoreHours(h);
  const lead = `${cups}: ${plural(s.forecast, 'hour')} forecast by ${stage}, actual in black, forecast in colour with its p10–p90 band, kWh per hour.`;
  return s.scored === 0
    ? `${lead} No actuals yet for these hours.`
    : `${lead} On the ${plural(s.scored, 'hour')} with actuals: WAPE ${percent(s.wape)}, ${percent(s.coverage, 0)} of actuals inside p10–p90 (nominal ${percent(NOMINAL_COVERAGE, 0)}).`;
}

function controls(stages: readonly Stage[], data: ReportData): string {
  const radios = stages
    .map(
      (s, i) =>
        `<label><input type="radio" name="stage" value="${s}"${i === 0 ? ' checked' : ''}> ${s}</label>`,
    )
    .join(' ');
  const options = data.forecasts.supplies
    .map((s) => `<option value="${escapeHtml(s.cups)}">${escapeHtml(s.cups)}</option>`)
    .join('');
  const supply =
    data.forecasts.supplies.length === 0
      ? ''
      : `<label for="supply-select">Supply</label> <select id="supply-select">${options}</select>`;
  return `<div class="controls"><fieldset><legend>Stage</legend>${radios}</fieldset>${supply}</div>`;
}

/** Renders the section; its charts are redrawn by the page script when a control changes. */
export function renderForecastSection(data: ReportData): RenderedSection {
  const title = 'Forecasts and actuals';
  const { fleet, supplies } = data.forecasts;
  const stages = REPORT_STAGES.filter((s) => fleet.stages[s] !== undefined);
  if (stages.length === 0) {
    return emptySection(ID, title, 'No forecasts scored yet: the period has no stored forecasts.');
  }
  const fleetPlan: ForecastChartPlan = {
    kind: 'forecast',
    id: 'chart-fleet',
    source: 'fleet',
    x: 'hour',
    y: Y,
    description: 'Fleet total: hourly forecast, p10–p90 band and actual consumption',
    summaries: {
      fleet: Object.fromEntries(
        stages.map((s) => [s, fleetSummary(s, fleet.stages[s], fleet.supplies[s] ?? 0)]),
      ),
    },
  };
  const supplyPlan: ForecastChartPlan = {
    ...fleetPlan,
    id: 'chart-supply',
    source: 'supply',
    description: 'Chosen supply: hourly forecast, p10–p90 band and actual consumption',
    summaries: Object.fromEntries(
      supplies.map((sp) => [
        sp.cups,
        Object.fromEntries(stages.map((s) => [s, supplySummary(sp.cups, s, sp.stages[s])])),
      ]),
    ),
  };
  const first = stages[0] ?? 'prod';
  const chosen =
    data.forecasts.selection === 'requested'
      ? 'The supplies listed are those asked for.'
      : `The supply list holds the ${plural(supplies.length, 'supply', 'supplies')} with the largest absolute error of prod over the period, largest first.`;
  const body = [
    `<p>Hourly forecasts made at 11:00 the day before, against metered consumption. Each point is the hour ending at the time shown. ${chosen}</p>`,
    controls(stages, data),
    chartBlock(fleetPlan, fleetPlan.summaries.fleet?.[first] ?? '', 'Fleet total'),
    supplies.length === 0
      ? emptyState('No supply has forecasts in this period.')
      : chartBlock(
          supplyPlan,
          supplyPlan.summaries[supplies[0]?.cups ?? '']?.[first] ?? '',
          'One supply',
        ),
  ].join('\n');
  return {
    id: ID,
    title,
    html: sectionHtml(ID, title, body),
    charts: supplies.length === 0 ? [fleetPlan] : [fleetPlan, supplyPlan],
  };
}
