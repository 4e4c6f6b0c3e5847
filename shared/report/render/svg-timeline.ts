/**
 * The promotion timeline as inline SVG: one row per model version, a bar for each span it held
 * `pre` or `prod` within the period, and a mark at each registration, promotion and rollback.
 */
import { addDays } from '../../calendar/days.js';
import { localDayBoundsUtc, MARKET_ZONE } from '../../calendar/zone.js';
import { type StageInterval } from '../lineage.js';
import { type StageChange } from '../report-data.js';
import { COLORS } from './chart-plan.js';
import { localDateTime } from './format.js';
import { escapeHtml } from './html.js';

const W = 960;
const ROW = 28;
const LEFT = 170;
const RIGHT = 16;
const TOP = 34;
const AXIS = 30;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (day: string) =>
  `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;

function marker(change: StageChange, x: number, y: number): string {
  const title = `<title>${escapeHtml(`${localDateTime(change.at)} ${change.action} ${change.version ?? ''}: ${change.evidence}`)}</title>`;
  if (change.action === 'register')
    return `<circle class="mark" cx="${x}" cy="${y}" r="5" fill="${COLORS.pre}">${title}</circle>`;
  const up = change.action === 'promote';
  const d = up
    ? `M${x - 6} ${y + 5} L${x + 6} ${y + 5} L${x} ${y - 6} Z`
    : `M${x - 6} ${y - 5} L${x + 6} ${y - 5} L${x} ${y + 6} Z`;
  return `<path class="mark" d="${d}" fill="${up ? COLORS.prod : '#000000'}">${title}</path>`;
}

/**
 * Renders the timeline of local days from..to; versions are rows in the order given, keeping
 * those with a span or a change inside the period. Returns an empty string when none is left.
 */
export function timelineSvg(
  from: string,
  to: string,
  versions: readonly string[],
  intervals: readonly StageInterval[],
  changes: readonly StageChange[],
): string {
  const startMs = localDayBoundsUtc(from, MARKET_ZONE)[0];
  const endMs = localDayBoundsUtc(to, MARKET_ZONE)[1];
  const inside = (a: number, b: number | null) => a < endMs && (b ?? endMs) > startMs;
  const rows = versions.filter(
    (v) =>
      intervals.some((i) => i.version === v && inside(i.fromMs, i.toMs)) ||
      changes.some((c) => c.version === v && c.at >= startMs && c.at < endMs),
  );
  if (rows.length === 0) return '';
  const H = TOP + rows.length * ROW + AXIS;
  const x = (ms: number) =>
    LEFT +
    ((Math.min(endMs, Math.max(startMs, ms)) - startMs) / (endMs - startMs)) * (W - LEFT - RIGHT);
  const rowY = (v: string) => TOP + rows.indexOf(v) * ROW + ROW / 2;
  const parts: string[] = [];
  const days = Math.round((endMs - startMs) / 86_400_000);
  const every = Math.max(1, Math.ceil(days / 10));
  for (let d = 0, day = from; day <= to; d++, day = addDays(day, 1)) {
    if (d % every !== 0) continue;
    const tx = x(localDayBoundsUtc(day, MARKET_ZONE)[0]);
    parts.push(
      `<line class="grid" x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${TOP - 4}" y2="${H - AXIS}"/>`,
      `<text class="tick" x="${tx.toFixed(1)}" y="${H - AXIS + 16}" text-anchor="middle">${dayLabel(day)}</text>`,
    );
  }
  for (const v of rows) {
    parts.push(
      `<text class="tick" x="${LEFT - 8}" y="${rowY(v) + 4}" text-anchor="end">${escapeHtml(v)}</text>`,
    );
  }
  for (const i of intervals) {
    if (!rows.includes(i.version) || !inside(i.fromMs, i.toMs)) continue;
    const x0 = x(i.fromMs);
    const x1 = x(i.toMs ?? endMs);
    const h = i.stage === 'prod' ? 14 : 8;
    const until = i.toMs === null ? 'still' : `until ${localDateTime(i.toMs)}`;
    parts.push(
      `<rect x="${x0.toFixed(1)}" y="${(rowY(i.version) - h / 2).toFixed(1)}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${h}" fill="${i.stage === 'prod' ? COLORS.prod : COLORS.pre}" fill-opacity="${i.stage === 'prod' ? 0.85 : 0.45}"><title>${escapeHtml(`${i.version} ${i.stage} from ${localDateTime(i.fromMs)}, ${until}`)}</title></rect>`,
    );
  }
  for (const c of changes) {
    if (c.version === null || !rows.includes(c.version) || c.at < startMs || c.at >= endMs)
      continue;
    parts.push(marker(c, Number(x(c.at).toFixed(1)), rowY(c.version)));
  }
  const legend = [
    `<rect x="${LEFT}" y="8" width="22" height="14" fill="${COLORS.prod}" fill-opacity="0.85"/><text class="tick" x="${LEFT + 28}" y="19">prod</text>`,
    `<rect x="${LEFT + 80}" y="11" width="22" height="8" fill="${COLORS.pre}" fill-opacity="0.45"/><text class="tick" x="${LEFT + 108}" y="19">pre (shadow)</text>`,
    `<circle cx="${LEFT + 215}" cy="15" r="5" fill="${COLORS.pre}"/><text class="tick" x="${LEFT + 225}" y="19">registered</text>`,
    `<path d="M${LEFT + 304} 20 L${LEFT + 316} 20 L${LEFT + 310} 9 Z" fill="${COLORS.prod}"/><text class="tick" x="${LEFT + 322}" y="19">promoted</text>`,
    `<path d="M${LEFT + 394} 10 L${LEFT + 406} 10 L${LEFT + 400} 21 Z" fill="#000000"/><text class="tick" x="${LEFT + 412}" y="19">rolled back to</text>`,
  ].join('');
  return [
    `<svg class="timeline" viewBox="0 0 ${W} ${H}" role="img" aria-label="Which model version held prod and pre on each day of the period, with registrations, promotions and rollbacks">`,
    legend,
    ...parts,
    `<line class="axis" x1="${LEFT}" x2="${W - RIGHT}" y1="${H - AXIS}" y2="${H - AXIS}"/>`,
    '</svg>',
  ].join('\n');
}
