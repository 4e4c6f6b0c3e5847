/** The parts every report section is made of: a headed section, a chart block, an empty state. */
import { type ChartPlan } from './chart-plan.js';
import { localDateTime } from './format.js';
import { escapeHtml } from './html.js';

export interface RenderedSection {
  /** Anchor of the section (also its heading's id). */
  id: string;
  title: string;
  html: string;
  charts: ChartPlan[];
}

/** A `<section>` with its level-2 heading. */
export function sectionHtml(id: string, title: string, body: string): string {
  return `<section class="report-section" aria-labelledby="${id}">\n<h2 id="${id}">${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

/** The sentence said when a section has nothing to draw yet. */
export function emptyState(text: string): string {
  return `<p class="empty" role="note">${escapeHtml(text)}</p>`;
}

/** A whole section that only says why it has nothing to show yet. */
export function emptySection(id: string, title: string, text: string): RenderedSection {
  return { id, title, html: sectionHtml(id, title, emptyState(text)), charts: [] };
}

/** A summary sentence (escaped) above a chart container the page script draws into. */
export function chartBlock(plan: ChartPlan, summary: string, heading?: string): string {
  return [
    '<figure class="chart-figure">',
    heading === undefined ? '' : `<h3>${escapeHtml(heading)}</h3>`,
    `<p class="summary" id="summary-${plan.id}">${escapeHtml(summary)}</p>`,
    `<div class="chart" id="${plan.id}" data-chart="${plan.kind}" role="img" aria-label="${escapeHtml(plan.description)}"></div>`,
    '</figure>',
  ].join('\n');
}

/** A figure around ready SVG markup, with its summary sentence above. */
export function svgBlock(svg: string, summary: string, heading?: string): string {
  return [
    '<figure class="chart-figure">',
    heading === undefined ? '' : `<h3>${escapeHtml(heading)}</h3>`,
    `<p class="summary">${escapeHtml(summary)}</p>`,
    `<div class="svg-chart">${svg}</div>`,
    '</figure>',
  ].join('\n');
}

/** An instant as a table cell's text that never breaks across lines. */
export function whenHtml(ms: number): string {
  return `<span class="when">${escapeHtml(localDateTime(ms))}</span>`;
}
