import { type WeatherRow } from '../types.js';

/** The weather values the features use. */
export interface WeatherValues {
  temperatureC: number | null;
  cloudPct: number | null;
}

/** Weather for a location and hour as seen at a forecast origin (UTC ms), if any. */
export type WeatherLookup = (
  location: string,
  hourEnd: number,
  originMs: number,
) => WeatherValues | undefined;

interface Slot {
  /** Forecast rows sorted by issuedAt ascending. */
  forecasts: WeatherRow[];
  observed: WeatherRow | undefined;
}

/**
 * Indexes weather rows. For an hour already past at the origin the lookup returns the observation
 * (falling back to a forecast); for a future hour, the latest forecast issued at or before the
 * origin (what production sees at 11:00 on D−1: the run issued at 10:00). With `observedFallback`
 * (training only: history rarely keeps old forecasts) a future hour without such a forecast takes
 * the observation; production never does, since those observations do not exist yet.
 */
export function indexWeather(
  rows: readonly WeatherRow[],
  options: { observedFallback: boolean },
): WeatherLookup {
  const byLocation = new Map<string, Map<number, Slot>>();
  for (const row of rows) {
    let hours = byLocation.get(row.location);
    if (hours === undefined) {
      hours = new Map();
      byLocation.set(row.location, hours);
    }
    let slot = hours.get(row.hourEnd);
    if (slot === undefined) {
      slot = { forecasts: [], observed: undefined };
      hours.set(row.hourEnd, slot);
    }
    if (row.kind === 'observed') slot.observed = row;
    else slot.forecasts.push(row);
  }
  for (const hours of byLocation.values()) {
    for (const slot of hours.values()) slot.forecasts.sort((a, b) => a.issuedAt - b.issuedAt);
  }
  return (location, hourEnd, originMs) => {
    const slot = byLocation.get(location)?.get(hourEnd);
    if (slot === undefined) return undefined;
    let chosen: WeatherRow | undefined = hourEnd <= originMs ? slot.observed : undefined;
    if (chosen !== undefined)
      return { temperatureC: chosen.temperatureC, cloudPct: chosen.cloudPct };
    for (const row of slot.forecasts) {
      if (row.issuedAt <= originMs) chosen = row;
    }
    if (chosen === undefined && options.observedFallback) chosen = slot.observed;
    return chosen === undefined
      ? undefined
      : { temperatureC: chosen.temperatureC, cloudPct: chosen.cloudPct };
  };
}

/**
 * Climatological normal temperature for inland Spain (°C) by day of year and local hour: a yearly
 * cosine (mean 15, amplitude 9, coldest mid-January) plus a daily cosine (amplitude 5, warmest at
 * 16:00). Used only to impute a missing temperature; it is a stated rough normal, not data.
 * @example climateNormalC(196, 16) // ≈ 29 (mid-July afternoon)
 */
export function climateNormalC(dayOfYear: number, localHour: number): number {
  const yearly = 15 - 9 * Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365.25);
  const daily = 5 * Math.cos((2 * Math.PI * (localHour - 16)) / 24);
  return yearly + daily;
}

/** Name of the derived input: the hour's temperature minus its climate normal. */
export const TEMPERATURE_ANOMALY = 'temperatureAnomalyC';

/**
 * The hour's temperature minus climateNormalC at its day of year (from the row's doySin and
 * doyCos) and local hour: the weather with the seasons taken out, which drift tests compare (a
 * week of March against a year of training temperatures would always differ).
 * @example temperatureAnomalyC(20, Math.sin(Math.PI), Math.cos(Math.PI), 16) // ≈ 20 − climateNormalC(182.6, 16)
 */
export function temperatureAnomalyC(
  temperatureC: number,
  doySin: number,
  doyCos: number,
  localHour: number,
): number {
  const turn = Math.atan2(doySin, doyCos) / (2 * Math.PI);
  const dayOfYear = (turn < 0 ? turn + 1 : turn) * 365.25;
  return temperatureC - climateNormalC(dayOfYear, localHour);
}

/**
 * The temperature anomaly of row r of a feature matrix (NaN when a column it needs is absent).
 */
export function anomalyOfRow(
  x: { columns: readonly string[]; data: ArrayLike<number>; nCols: number },
  r: number,
): number {
  const at = (name: string) => {
    const c = x.columns.indexOf(name);
    return c < 0 ? Number.NaN : (x.data[r * x.nCols + c] ?? Number.NaN);
  };
  return temperatureAnomalyC(at('temperatureC'), at('doySin'), at('doyCos'), at('localHour'));
}
