import { addDays, dayRange } from '../../shared/calendar/days.js';
import { HOUR_MS, localDayOfHourEnd } from '../../shared/calendar/zone.js';
import { type ReadingStore, type SupplyStore, type WeatherStore } from '../../shared/ports.js';
import {
  buildFleetData,
  type FleetData,
  type GenerateOptions,
} from '../../shared/synth/fleet-data.js';
import { synthSupplyRecord } from '../../shared/synth/supply-record.js';
import { isoHours } from '../../shared/synth/weather-lines.js';
import {
  forecastIssueUtc,
  forecastRows as issuedForecastRows,
  observedRow,
} from '../../shared/synth/weather-rows.js';
import { type Reading, type Supply, type WeatherRow } from '../../shared/types.js';
import { f5dReading } from './memory-train-store.js';

/**
 * A training store over a synthetic fleet held in memory (the generator's true hourly loads and
 * weather), materialising readings per supply on demand so that 300 supplies × 18 months fit.
 * Weather: the observed series, plus the generator's daily forecasts issued at 10:00 Madrid time
 * (48 h ahead, with its random-walk errors), so targets see the forecast production would see.
 */
export function synthFleet(options: Partial<GenerateOptions>): FleetData {
  return buildFleetData(
    {
      supplies: 30,
      from: '2023-01-01',
      to: '2024-06-30',
      seed: 7,
      p5d: 'daily',
      changes: [],
      retailer: '0762',
      ...options,
    },
    () => {},
  );
}

export function createSynthTrainStore(data: FleetData): ReadingStore & SupplyStore & WeatherStore {
  const index = new Map(data.fleet.map((s, i) => [s.cups, i]));
  const supplies: Supply[] = data.fleet.map((_, i) => synthSupplyRecord(data, i));
  const hourRange = (fromMs: number, toMs: number): [number, number] => [
    Math.max(0, Math.floor((fromMs - data.firstHourEnd) / HOUR_MS) + 1),
    Math.min(data.hours - 1, Math.floor((toMs - data.firstHourEnd) / HOUR_MS)),
  ];
  const readingsOf = (i: number, fromMs: number, toMs: number): Reading[] => {
    const load = data.loads[i]!.importWh;
    const cups = data.fleet[i]!.cups;
    const out: Reading[] = [];
    const [a, b] = hourRange(fromMs, toMs);
    for (let h = a; h <= b; h++) {
      const wh = load[h]!;
      if (wh < 0) continue;
      out.push(f5dReading(cups, data.firstHourEnd + h * HOUR_MS, wh));
    }
    return out;
  };
  const readOnly = async (): Promise<never> => {
    throw new Error('Read-only synthetic store');
  };
  return {
    upsertReadings: readOnly,
    upsertReadingBatches: readOnly,
    upsertSupplies: readOnly,
    upsertWeather: readOnly,
    async readings(cups, fromMs, toMs) {
      const i = index.get(cups);
      return i === undefined ? [] : readingsOf(i, fromMs, toMs);
    },
    async *readingsBetween(fromMs, toMs) {
      for (let i = 0; i < data.fleet.length; i++) yield* readingsOf(i, fromMs, toMs);
    },
    async countReadings() {
      return data.loads.reduce((n, l) => n + l.importWh.filter((v) => v >= 0).length, 0);
    },
    async getSupply(cups) {
      return supplies.find((s) => s.cups === cups);
    },
    async listSupplies() {
      return supplies.map((s) => ({ ...s }));
    },
    async weather(location, kind, fromMs, toMs) {
      const series = data.weather.get(location);
      if (series === undefined) return [];
      if (kind === 'forecast') return forecastRows(data, location, fromMs, toMs);
      const rows: WeatherRow[] = [];
      const [a, b] = hourRange(fromMs, toMs);
      for (let h = a; h <= b; h++) rows.push(observedRow(location, series, data.firstHourEnd, h));
      return rows;
    },
  };
}

/** The synthetic forecasts of a location issued at 10:00 local on each day, for hours in (fromMs, toMs]. */
function forecastRows(
  data: FleetData,
  location: string,
  fromMs: number,
  toMs: number,
): WeatherRow[] {
  const series = data.weather.get(location);
  const loc = data.fleet.find((s) => s.location.key === location)?.location;
  if (series === undefined || loc === undefined) return [];
  const iso = isoHours(series);
  const rows: WeatherRow[] = [];
  const last = localDayOfHourEnd(
    Math.min(toMs, data.firstHourEnd + (data.hours - 1) * HOUR_MS),
    'Europe/Madrid',
  );
  for (const day of dayRange(addDays(localDayOfHourEnd(fromMs, 'Europe/Madrid'), -2), last)) {
    const issuedAt = forecastIssueUtc(day);
    for (const row of issuedForecastRows(loc, series, data.options.seed, issuedAt, iso)) {
      if (row.hourEnd > fromMs && row.hourEnd <= toMs) rows.push(row);
    }
  }
  return rows;
}
