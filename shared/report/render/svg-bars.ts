/**
 * A grouped bar chart as inline SVG (crisp in print, no script needed): one group per category,
 * one bar per series, a labelled y axis and the value written above each bar.
 */
import { escapeHtml } from './html.js';

export interface BarSeries {
  label: string;
  color: string;
  /** One value per category; null draws no bar. */
  values: (number | null)[];
}

export interface BarChart {
  /** Written above the chart. */
  title: string;
  /** Accessible name of the chart. */
  description: string;
  categories: string[];
  categoryLabel: string;
  series: BarSeries[];
  /** The y axis' name with its unit; ticks are plain numbers. */
  yLabel: string;
  /** How a bar's value is written above it. */
  format: (v: number) => string;
}

const W = 560;
const H = 260;
const M = { left: 56, right: 12, top: 46, bottom: 52 };

/**
 * Tick step for an axis from 0 to `max`: 1, 2 or 5 times a power of ten, about five ticks.
 * @example niceStep(47) // 10
 */
export function niceStep(max: number): number {
  if (!(max > 0)) return 1;
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return step ?? 10 * power;
}

/** Renders the chart as an `<svg>` element string. */
export function groupedBarsSvg(chart: BarChart): string {
  const values = chart.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const step = niceStep(Math.max(0, ...values));
  const top = Math.max(step, Math.ceil(Math.max(0, ...values) / step) * step);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const groupW = plotW / Math.max(1, chart.categories.length);
  const barW = Math.min(34, (groupW * 0.75) / Math.max(1, chart.series.length));
  const parts: string[] = [];
  for (let t = 0; t <= top + step / 2; t += step) {
    parts.push(
      `<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}"/>`,
      `<text class="tick" x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${+t.toPrecision(6)}</text>`,
    );
  }
  chart.categories.forEach((category, c) => {
    const x0 = M.left + c * groupW + (groupW - barW * chart.series.length) / 2;
    chart.series.forEach((s, k) => {
      const v = s.values[c];
      if (v === null || v === undefined) return;
      const x = x0 + k * barW;
      const label = `${s.label}, ${category}: ${chart.format(v)}`;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(M.top + plotH - y(v)).toFixed(1)}" fill="${s.color}"><title>${escapeHtml(label)}</title></rect>`,
        `<text class="value" x="${(x + (barW - 2) / 2).toFixed(1)}" y="${(y(v) - 3).toFixed(1)}" text-anchor="middle">${escapeHtml(chart.format(v))}</text>`,
      );
    });
    parts.push(
      `<text class="tick" x="${(M.left + (c + 0.5) * groupW).toFixed(1)}" y="${M.top + plotH + 16}" text-anchor="middle">${escapeHtml(category)}</text>`,
    );
  });
  const legend = chart.series
    .map((s, k) => {
      const x = W - M.right - (chart.series.length - k) * 80;
      return `<rect x="${x}" y="8" width="12" height="12" fill="${s.color}"/><text class="tick" x="${x + 16}" y="18">${escapeHtml(s.label)}</text>`;
    })
    .join('');
  return [
    `<svg class="bars" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(chart.description)}">`,
    `<text class="title" x="${M.left}" y="18">${escapeHtml(chart.title)}</text>`,
    legend,
    ...parts,
    `<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}"/>`,
    `<text class="label" x="${M.left + plotW / 2}" y="${H - 8}" text-anchor="middle">${escapeHtml(chart.categoryLabel)}</text>`,
    `<text class="label" transform="translate(14 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(chart.yLabel)}</text>`,
    '</svg>',
  ].join('\n');
}
