import { HOUR_MS } from '../../calendar/zone.js';
import { type WeatherGap, type WeatherRequest } from '../../ports.js';
import { type WeatherRow } from '../../types.js';

/**
 * Helpers the weather sources share: the hours a request expects and gaps for what did not come.
 */

/** Hour ends (UTC ms) of (fromMs, toMs], on whole hours. */
export function expectedHours(request: Pick<WeatherRequest, 'fromMs' | 'toMs'>): number[] {
  const out: number[] = [];
  const first = Math.floor(request.fromMs / HOUR_MS) * HOUR_MS + HOUR_MS;
  for (let h = first; h <= request.toMs; h += HOUR_MS) out.push(h);
  return out;
}

/** A gap for the expected hours a location did not get, or none. */
export function missingHoursGap(
  location: string,
  expected: number,
  rows: readonly WeatherRow[],
): WeatherGap[] {
  const got = new Set(rows.filter((r) => r.location === location).map((r) => r.hourEnd)).size;
  return got < expected
    ? [{ location, missingHours: expected - got, reason: 'missing hours in the answer' }]
    : [];
}

/** Rounds to one decimal (provider noise beyond that is meaningless here). */
export const round1 = (x: number | null): number | null =>
  x === null ? null : Math.round(x * 10) / 10;
