/**
 * The report page: one self-contained HTML file holding the report data, the chart plans, uPlot
 * and the page script, under a Content-Security-Policy that allows exactly those inline scripts
 * and styles (by hash) and no network access of any kind.
 */
import { InvalidInputError } from '../../errors.js';
import { parseReportData, type ReportData } from '../report-data.js';
import { COLORS } from './chart-plan.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { localDateTime } from './format.js';
import { glanceHtml } from './glance.js';
import { cspHash, escapeHtml, inlineScript, jsonForScript } from './html.js';
import { renderAlertSection } from './section-alerts.js';
import { renderBandSection } from './section-bands.js';
import { renderDriftSection } from './section-drift.js';
import { renderForecastSection } from './section-forecast.js';
import { renderLineageSection } from './section-lineage.js';
import { renderScoreSection } from './section-scores.js';
import { REPORT_CSS } from './styles.js';

/** The charting library's code and stylesheet, inlined into the page. */
export interface ChartAssets {
  /** uPlot's IIFE build, which defines the global `uPlot`. */
  uplotJs: string;
  uplotCss: string;
}

/** The policy: nothing may load or connect; only the page's own inline code and styles run. */
export function contentSecurityPolicy(
  scripts: readonly string[],
  styles: readonly string[],
): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(cspHash).join(' ')}`,
    `style-src ${styles.map(cspHash).join(' ')}`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "manifest-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Renders the whole page for a report. Pure: the caller supplies uPlot's code and stylesheet.
 * @example renderReport(data, await readChartAssets()) // '<!doctype html>…'
 */
export function renderReport(data: ReportData, assets: ChartAssets): string {
  const sections = [
    renderForecastSection(data),
    renderScoreSection(data),
    renderBandSection(data),
    renderDriftSection(data),
    renderLineageSection(data),
    renderAlertSection(data),
  ];
  const plans = { colors: COLORS, charts: sections.flatMap((s) => s.charts) };
  const scripts = [inlineScript(assets.uplotJs), inlineScript(CLIENT_SCRIPT)];
  const styles = [assets.uplotCss, REPORT_CSS];
  const title = `MCE report ${data.from} to ${data.to}`;
  const toc = sections
    .map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(scripts, styles))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    ...styles.map((s) => `<style>${s}</style>`),
    '</head>',
    '<body>',
    '<header>',
    `<h1>Consumption forecasts: ${escapeHtml(data.from)} to ${escapeHtml(data.to)}</h1>`,
    `<p class="meta">Generated ${escapeHtml(localDateTime(data.generatedAt))}. All days and times are Europe/Madrid local time; hourly values are for the hour ending at the time shown. Energy in kWh per hour, errors in %.</p>`,
    glanceHtml(data),
    `<nav aria-label="Sections"><ol>${toc}</ol></nav>`,
    '</header>',
    '<main>',
    ...sections.map((s) => s.html),
    '</main>',
    `<script type="application/json" id="mce-report-data">${jsonForScript(data)}</script>`,
    `<script type="application/json" id="mce-chart-plans">${jsonForScript(plans)}</script>`,
    ...scripts.map((s) => `<script>${s}</script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The report data embedded in a rendered page (what a test or a later tool reads back).
 * @throws InvalidInputError when the page holds no report data
 */
export function readReportData(html: string): ReportData {
  const match = /<script type="application\/json" id="mce-report-data">([\s\S]*?)<\/script>/.exec(
    html,
  );
  if (match?.[1] === undefined) throw new InvalidInputError('The page holds no MCE report data');
  return parseReportData(match[1]);
}
