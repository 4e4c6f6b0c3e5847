/** How the report writes numbers, energies and Europe/Madrid times. */
import { formatInstant } from '../../alerts/compose.js';

export const REPORT_TIME_ZONE = 'Europe/Madrid';

/** `2025-03-10 11:00` (a no-break space inside), Europe/Madrid wall-clock time of a UTC instant. */
export function localDateTime(ms: number): string {
  // formatInstant writes the zone after the time; the page names it once, in its header.
  return formatInstant(ms, REPORT_TIME_ZONE).slice(0, 16).replace(' ', '\u00a0');
}

/** `12.3 %` (a no-break space before the sign) from a fraction; `–` when unknown. */
export function percent(fraction: number | null | undefined, digits = 1): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction)
    ? '–'
    : `${(fraction * 100).toFixed(digits)}\u00a0%`;
}

/** `0–100 Wh`, `≥ 3000 Wh`: a band of actual hourly consumption. */
export function bandLabel(fromWh: number, toWh: number | null): string {
  return toWh === null ? `≥ ${fromWh} Wh` : `${fromWh}–${toWh} Wh`;
}

/** Mean of the finite values, or null. */
export function meanOf(values: readonly (number | null | undefined)[]): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return finite.length === 0 ? null : finite.reduce((s, v) => s + v, 0) / finite.length;
}

/** `1 day`, `3 days`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
