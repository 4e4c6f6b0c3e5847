/** The key figures at the top of the report, each in a small tile. */
import { type ReportData } from '../report-data.js';
import { meanOf, percent } from './format.js';
import { escapeHtml } from './html.js';

function strongestBaselineMean(data: ReportData): { name: string; wape: number } | undefined {
  return data.scores.baselineNames
    .map((name) => ({ name, wape: meanOf(data.scores.days.map((d) => d.baselines[name])) }))
    .filter((b): b is { name: string; wape: number } => b.wape !== null)
    .sort((a, b) => a.wape - b.wape)[0];
}

/** The tiles: models in stage, mean daily WAPE against the strongest baseline, coverage, alarms, e-mails. */
export function glanceHtml(data: ReportData): string {
  const days = data.scores.days;
  const best = strongestBaselineMean(data);
  const alarms = data.drift.days.reduce((n, d) => n + d.features.filter((f) => f.alarm).length, 0);
  const pending = data.alerts.notices.filter((n) => n.status === 'pending').length;
  const tiles: [string, string][] = [
    ['prod model', data.lineage.prod ?? 'none'],
    ['pre (shadow) model', data.lineage.pre ?? 'none'],
    ['Mean daily WAPE, prod', percent(meanOf(days.map((d) => d.stages.prod?.wape)))],
    [
      best ? `Strongest baseline (${best.name})` : 'Strongest baseline',
      best ? percent(best.wape) : '–',
    ],
    ['Mean p10–p90 coverage, prod', percent(meanOf(days.map((d) => d.stages.prod?.coverage)), 0)],
    ['Drift alarms (feature-days)', String(alarms)],
    ['Alert e-mails', `${data.alerts.notices.length}${pending > 0 ? ` (${pending} pending)` : ''}`],
  ];
  const items = tiles
    .map(
      ([k, v]) =>
        `<li><span class="k">${escapeHtml(k)}</span><span class="v">${escapeHtml(v)}</span></li>`,
    )
    .join('');
  return `<ul class="glance" aria-label="Key figures">${items}</ul>`;
}
