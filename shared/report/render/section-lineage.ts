/** Section "Models": the promotion timeline, the registered versions and every stage change. */
import { stageIntervals } from '../lineage.js';
import { type LineageVersion, type ReportData } from '../report-data.js';
import { percent, plural } from './format.js';
import { escapeHtml, htmlTable } from './html.js';
import {
  emptySection,
  emptyState,
  type RenderedSection,
  sectionHtml,
  svgBlock,
  whenHtml,
} from './section.js';
import { timelineSvg } from './svg-timeline.js';

const ID = 'models';

function strongestBaseline(v: LineageVersion): string {
  const [name, wape] = Object.entries(v.backtest.baselines).sort((a, b) => a[1] - b[1])[0] ?? [];
  return name === undefined ? '–' : `${percent(wape)} (${escapeHtml(name)})`;
}

function versionTable(data: ReportData): string {
  const { versions, prod, pre } = data.lineage;
  const rows = [...versions]
    .reverse()
    .map((v) => [
      `<code>${escapeHtml(v.version)}</code>`,
      v.version === prod ? '<strong>prod</strong>' : v.version === pre ? 'pre' : '',
      whenHtml(v.createdAt),
      escapeHtml(`${v.windowStart} … ${v.windowEnd}`),
      String(v.supplies),
      percent(v.backtest.wape),
      strongestBaseline(v),
      percent(v.backtest.coverage, 0),
      `<code>${escapeHtml(v.codeRevision.slice(0, 10))}</code>`,
    ]);
  return htmlTable(
    'Registered versions, newest first (backtest figures from each manifest)',
    [
      'Version',
      'Stage now',
      'Created',
      'Training window',
      'Supplies',
      'Backtest WAPE',
      'Strongest baseline',
      'Coverage',
      'Code',
    ],
    rows,
    [3, 6],
  );
}

function changeTable(data: ReportData): string {
  const rows = [...data.lineage.changes]
    .reverse()
    .map((c) => [
      whenHtml(c.at),
      escapeHtml(c.action),
      escapeHtml(c.stage),
      `<code>${escapeHtml(c.version ?? '–')}</code>`,
      `<code>${escapeHtml(c.previous ?? '–')}</code>`,
      escapeHtml(c.evidence),
    ]);
  return htmlTable(
    'Stage changes, newest first',
    ['When', 'Change', 'Stage', 'Version', 'Replaced', 'Evidence'],
    rows,
    [5],
  );
}

/** Renders the section from the registry's lineage. */
export function renderLineageSection(data: ReportData): RenderedSection {
  const title = 'Models: lineage and promotions';
  const { versions, changes, prod, pre } = data.lineage;
  if (versions.length === 0) {
    return emptySection(ID, title, 'No model registered yet (mce train registers one).');
  }
  const intervals = stageIntervals(changes);
  const svg = timelineSvg(
    data.from,
    data.to,
    versions.map((v) => v.version),
    intervals,
    changes,
  );
  const promotions = changes.filter((c) => c.action === 'promote').length;
  const rollbacks = changes.filter((c) => c.action === 'rollback').length;
  const summary = `Which version held prod (thick bar) and pre, the shadow model scored beside it (thin bar), on each day of the period. ${plural(versions.length, 'version')} registered in all, ${plural(promotions, 'promotion')} and ${plural(rollbacks, 'rollback')}; prod is now ${prod ?? 'empty'}, pre ${pre ?? 'empty'}.`;
  const timeline = svg === '' ? emptyState('No version held a stage during this period.') : svg;
  const body = [
    svgBlock(timeline, summary, 'Timeline'),
    versionTable(data),
    changeTable(data),
  ].join('\n');
  return { id: ID, title, html: sectionHtml(ID, title, body), charts: [] };
}
