import { DAY_MS } from '../../calendar/days.js';
import { InvalidInputError } from '../../errors.js';
import {
  type WeatherFetchResult,
  type WeatherGap,
  type WeatherLocation,
  type WeatherRequest,
  type WeatherSource,
} from '../../ports.js';
import { type WeatherRow } from '../../types.js';
import { numberOrNull } from '../../weather/weather-line.js';
import {
  BadKeyError,
  BudgetExhaustedError,
  fetchJson,
  type HttpDeps,
} from '../weather-http/fetch-json.js';
import { expectedHours, missingHoursGap, round1 } from '../weather-http/rows.js';

/**
 * Open-Meteo: `/v1/forecast` for forecasts and recent observations, the archive API
 * (`/v1/archive`) for days older than ARCHIVE_AFTER_DAYS. Several locations go in one call
 * (comma-separated coordinates; the answer is then an array). Times are requested in UTC; an
 * hourly time T is the hour ending at T (radiation is the mean of the preceding hour).
 */
export interface OpenMeteoOptions {
  baseUrl: string;
  archiveUrl: string;
  http: HttpDeps;
  /** Locations per call. */
  batchSize?: number;
}

const HOURLY = 'temperature_2m,relative_humidity_2m,cloud_cover,wind_speed_10m,shortwave_radiation';
/** The archive lags real time by about five days; newer days come from the forecast API. */
const ARCHIVE_AFTER_DAYS = 7;

interface Series {
  time: string[];
  values: Record<string, unknown[]>;
  units: Record<string, unknown>;
}

/** Checks one location's answer has hourly arrays of one length. */
function readSeries(answer: unknown): Series {
  const a = answer as { hourly?: Record<string, unknown>; hourly_units?: Record<string, unknown> };
  const time = a?.hourly?.time;
  if (!Array.isArray(time) || !time.every((t) => typeof t === 'string')) {
    throw new InvalidInputError('Open-Meteo answer has no hourly.time array');
  }
  const values: Record<string, unknown[]> = {};
  for (const name of HOURLY.split(',')) {
    const column = a.hourly?.[name];
    values[name] = Array.isArray(column) && column.length === time.length ? column : [];
  }
  return { time: time as string[], values, units: a.hourly_units ?? {} };
}

/** Wind in m/s whatever unit the answer declares (km/h, mph, kn or m/s). */
function windToMs(v: number | null, unit: unknown): number | null {
  if (v === null) return null;
  if (unit === 'km/h') return v / 3.6;
  if (unit === 'mph') return v * 0.44704;
  if (unit === 'kn') return v * 0.514444;
  return v;
}

function toRows(loc: WeatherLocation, s: Series, req: WeatherRequest): WeatherRow[] {
  const rows: WeatherRow[] = [];
  const fahrenheit = s.units.temperature_2m === '°F';
  s.time.forEach((t, i) => {
    const hourEnd = Date.parse(`${t}Z`);
    if (Number.isNaN(hourEnd) || hourEnd <= req.fromMs || hourEnd > req.toMs) return;
    const pick = (name: string) => numberOrNull(s.values[name]?.[i]);
    const rawT = pick('temperature_2m');
    const temperatureC = rawT !== null && fahrenheit ? ((rawT - 32) * 5) / 9 : rawT;
    const row: WeatherRow = {
      location: loc.key,
      hourEnd,
      kind: req.kind,
      issuedAt: req.kind === 'observed' ? hourEnd : req.issuedAt,
      temperatureC: round1(temperatureC),
      humidityPct: pick('relative_humidity_2m'),
      cloudPct: pick('cloud_cover'),
      windMs: round1(windToMs(pick('wind_speed_10m'), s.units.wind_speed_10m)),
      radiationWm2: pick('shortwave_radiation'),
      source: 'open-meteo',
    };
    // An hour with nothing measured is a missing hour, not a row of nulls.
    if (row.temperatureC !== null || row.radiationWm2 !== null) rows.push(row);
  });
  return rows;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function urlFor(options: OpenMeteoOptions, batch: readonly WeatherLocation[], req: WeatherRequest) {
  const archive = req.kind === 'observed' && req.toMs < req.issuedAt - ARCHIVE_AFTER_DAYS * DAY_MS;
  const base = archive ? `${options.archiveUrl}/v1/archive` : `${options.baseUrl}/v1/forecast`;
  const params = new URLSearchParams({
    latitude: batch.map((l) => l.latitude).join(','),
    longitude: batch.map((l) => l.longitude).join(','),
    hourly: HOURLY,
    timezone: 'UTC',
    wind_speed_unit: 'ms',
    // (fromMs, toMs]: the first hour ends after fromMs, the last at toMs (which may be midnight).
    start_date: day(req.fromMs),
    end_date: day(req.toMs - 1),
  });
  return `${base}?${params.toString()}`;
}

/** Creates the Open-Meteo weather source. */
export function createOpenMeteoSource(options: OpenMeteoOptions): WeatherSource {
  const batchSize = options.batchSize ?? 50;
  return {
    name: 'open-meteo',
    historicalForecasts: false,
    async fetchWeather(req: WeatherRequest): Promise<WeatherFetchResult> {
      const rows: WeatherRow[] = [];
      const gaps: WeatherGap[] = [];
      const expected = expectedHours(req).length;
      const spentBefore = options.http.budget.spent;
      let exhausted = false;
      for (let start = 0; start < req.locations.length; start += batchSize) {
        const batch = req.locations.slice(start, start + batchSize);
        const fail = (reason: string) =>
          gaps.push(...batch.map((l) => ({ location: l.key, missingHours: expected, reason })));
        if (exhausted) {
          fail('call budget exhausted');
          continue;
        }
        try {
          const answer = await fetchJson(urlFor(options, batch, req), options.http);
          const answers = Array.isArray(answer) ? answer : [answer];
          if (answers.length !== batch.length) {
            throw new InvalidInputError(
              `Open-Meteo answered ${answers.length} locations for ${batch.length}`,
            );
          }
          batch.forEach((loc, i) => {
            const got = toRows(loc, readSeries(answers[i]), req);
            rows.push(...got);
            gaps.push(...missingHoursGap(loc.key, expected, got));
          });
        } catch (error: unknown) {
          if (error instanceof BadKeyError) throw error;
          if (error instanceof BudgetExhaustedError) exhausted = true;
          fail(error instanceof Error ? error.message : String(error));
        }
      }
      return { rows, gaps, calls: options.http.budget.spent - spentBefore };
    },
  };
}
