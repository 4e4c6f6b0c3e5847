import { HOUR_MS } from '../../calendar/zone.js';
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
 * OpenWeather One Call 3.0: `/data/3.0/onecall` gives a 48-hour hourly forecast per location and
 * call; `/data/3.0/onecall/timemachine` one observation per location, hour and call, so history is
 * expensive and the call budget matters. `dt` (unix seconds) is taken as the hour end. One Call
 * has no irradiance: radiation is null. Units: metric (°C, m/s); `standard` answers in kelvin.
 */
export interface OpenWeatherOptions {
  baseUrl: string;
  apiKey: string;
  http: HttpDeps;
  units?: 'metric' | 'standard';
}

interface Point {
  dt: number;
  temp: number | null;
  humidity: number | null;
  clouds: number | null;
  windSpeed: number | null;
}

function readPoints(list: unknown, what: string): Point[] {
  if (!Array.isArray(list)) throw new InvalidInputError(`OpenWeather answer has no ${what} array`);
  return list.flatMap((p: unknown) => {
    const o = p as Record<string, unknown>;
    const dt = numberOrNull(o?.dt);
    if (dt === null) return [];
    return [
      {
        dt,
        temp: numberOrNull(o.temp),
        humidity: numberOrNull(o.humidity),
        clouds: numberOrNull(o.clouds),
        windSpeed: numberOrNull(o.wind_speed),
      },
    ];
  });
}

function toRow(
  loc: WeatherLocation,
  p: Point,
  hourEnd: number,
  req: WeatherRequest,
  kelvin: boolean,
): WeatherRow {
  return {
    location: loc.key,
    hourEnd,
    kind: req.kind,
    issuedAt: req.kind === 'observed' ? hourEnd : req.issuedAt,
    temperatureC: round1(p.temp !== null && kelvin ? p.temp - 273.15 : p.temp),
    humidityPct: p.humidity,
    cloudPct: p.clouds,
    windMs: round1(p.windSpeed),
    radiationWm2: null,
    source: 'openweather',
  };
}

/** Creates the OpenWeather One Call 3.0 source. */
export function createOpenWeatherSource(options: OpenWeatherOptions): WeatherSource {
  const units = options.units ?? 'metric';
  const kelvin = units === 'standard';
  const url = (path: string, loc: WeatherLocation, extra: Record<string, string>) =>
    `${options.baseUrl}${path}?${new URLSearchParams({
      lat: String(loc.latitude),
      lon: String(loc.longitude),
      ...extra,
      units,
      appid: options.apiKey,
    }).toString()}`;

  async function forecast(loc: WeatherLocation, req: WeatherRequest): Promise<WeatherRow[]> {
    const answer = (await fetchJson(
      url('/data/3.0/onecall', loc, { exclude: 'current,minutely,daily,alerts' }),
      options.http,
    )) as { hourly?: unknown };
    return readPoints(answer?.hourly, 'hourly')
      .map((p) => ({ p, hourEnd: p.dt * 1000 }))
      .filter(({ hourEnd }) => hourEnd > req.fromMs && hourEnd <= req.toMs)
      .map(({ p, hourEnd }) => toRow(loc, p, hourEnd, req, kelvin));
  }

  async function observed(loc: WeatherLocation, req: WeatherRequest, rows: WeatherRow[]) {
    for (const hourEnd of expectedHours(req)) {
      const answer = (await fetchJson(
        url('/data/3.0/onecall/timemachine', loc, { dt: String(hourEnd / 1000) }),
        options.http,
      )) as { data?: unknown };
      // The answer is the nearest record; keep it only when it is this hour's.
      const point = readPoints(answer?.data, 'data').find(
        (p) => Math.abs(p.dt * 1000 - hourEnd) <= HOUR_MS / 2,
      );
      if (point !== undefined) rows.push(toRow(loc, point, hourEnd, req, kelvin));
    }
  }

  return {
    name: 'openweather',
    historicalForecasts: false,
    async fetchWeather(req: WeatherRequest): Promise<WeatherFetchResult> {
      const rows: WeatherRow[] = [];
      const gaps: WeatherGap[] = [];
      const expected = expectedHours(req).length;
      const spentBefore = options.http.budget.spent;
      let exhausted = false;
      for (const loc of req.locations) {
        const got: WeatherRow[] = [];
        if (!exhausted) {
          try {
            if (req.kind === 'forecast') got.push(...(await forecast(loc, req)));
            else await observed(loc, req, got);
          } catch (error: unknown) {
            if (error instanceof BadKeyError) throw error;
            if (error instanceof BudgetExhaustedError) exhausted = true;
            const reason = error instanceof Error ? error.message : String(error);
            // Hours already fetched for this location are kept; the rest is the gap.
            gaps.push({ location: loc.key, missingHours: expected - got.length, reason });
            rows.push(...got);
            continue;
          }
        } else {
          gaps.push({ location: loc.key, missingHours: expected, reason: 'call budget exhausted' });
          continue;
        }
        rows.push(...got);
        gaps.push(...missingHoursGap(loc.key, expected, got));
      }
      return { rows, gaps, calls: options.http.budget.spent - spentBefore };
    },
  };
}
