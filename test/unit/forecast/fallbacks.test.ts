import { describe, expect, it } from 'vitest';
import { dayNumber, dayString } from '../../../shared/calendar/days.js';
import { HOUR_MS, localDayBoundsUtc } from '../../../shared/calendar/zone.js';
import { buildFeatures } from '../../../shared/features/build-features.js';
import { buildHistory } from '../../../shared/features/history.js';
import { forecastOriginUtc } from '../../../shared/features/origin.js';
import { indexWeather } from '../../../shared/features/weather-index.js';
import {
  freshWeatherRows,
  historyFallback,
  profileForecast,
  weatherFallbacks,
} from '../../../shared/forecast/fallbacks.js';
import { type WeatherRow } from '../../../shared/types.js';

const LAST = dayNumber('2024-06-10');

/** Hourly readings of local days first..last (day numbers), wh from (day, hour). */
function readings(first: number, last: number, wh: (day: number, hour: number) => number) {
  const out: { hourEnd: number; wh: number }[] = [];
  for (let d = first; d <= last; d++) {
    const [start, end] = localDayBoundsUtc(dayString(d), 'Europe/Madrid');
    for (let h = start + HOUR_MS, i = 0; h <= end; h += HOUR_MS, i++) {
      out.push({ hourEnd: h, wh: wh(d, i) });
    }
  }
  return out;
}

const history = (rows: { hourEnd: number; wh: number }[]) =>
  buildHistory('ES0031000000000001AB', rows, 'Europe/Madrid');
const varied = (d: number, h: number) => 100 + ((d * 7 + h * 13) % 50);

describe('historyFallback', () => {
  it.each([
    ['four live weeks', readings(LAST - 40, LAST, varied), null],
    ['nothing', [], 'new-supply'],
    [
      'only readings older than the 28 visible days',
      readings(LAST - 60, LAST - 28, varied),
      'new-supply',
    ],
    ['the last two days missing', readings(LAST - 40, LAST - 2, varied), 'flat-readings'],
    [
      'the last two days one value',
      [...readings(LAST - 40, LAST - 2, varied), ...readings(LAST - 1, LAST, () => 250)],
      'flat-readings',
    ],
    ['the last day missing only', readings(LAST - 40, LAST - 1, varied), null],
    [
      'one reading in the last two days',
      [
        ...readings(LAST - 40, LAST - 2, varied),
        { hourEnd: localDayBoundsUtc(dayString(LAST), 'Europe/Madrid')[1], wh: 5 },
      ],
      null,
    ],
    ['six days of readings', readings(LAST - 5, LAST, varied), 'short-history'],
    ['seven days of readings', readings(LAST - 6, LAST, varied), null],
    [
      'readings after the last visible day only',
      readings(LAST + 1, LAST + 2, varied),
      'new-supply',
    ],
  ])('%s -> %s', (_, rows, expected) => {
    expect(historyFallback(history(rows), LAST)).toBe(expected);
  });
});

describe('freshWeatherRows', () => {
  it('keeps observations and the forecasts issued within 24 h before the origin', () => {
    const origin = Date.UTC(2024, 5, 10, 9);
    const row = (kind: WeatherRow['kind'], issuedAt: number) =>
      ({ location: 'x', hourEnd: origin + HOUR_MS, kind, issuedAt }) as WeatherRow;
    const rows = [
      row('observed', 0),
      row('forecast', origin - 24 * HOUR_MS),
      row('forecast', origin - 23 * HOUR_MS),
      row('forecast', origin - HOUR_MS),
    ];

    expect(freshWeatherRows(rows, origin)).toEqual([rows[0], rows[2], rows[3]]);
  });
});

describe('weatherFallbacks and profileForecast', () => {
  const day = '2024-06-12';
  const origin = forecastOriginUtc(day, 'Europe/Madrid');
  const [start] = localDayBoundsUtc(day, 'Europe/Madrid');
  const forecast = (h: number, issuedAt: number): WeatherRow => ({
    location: 'L',
    hourEnd: start + h * HOUR_MS,
    kind: 'forecast',
    issuedAt,
    temperatureC: 20,
    humidityPct: null,
    cloudPct: 10,
    windMs: null,
    radiationWm2: null,
    source: 'test',
  });
  // Hours 1..8: today's run; 9..16: only yesterday's; 17..24: none.
  const rows = [
    ...Array.from({ length: 8 }, (_, i) => forecast(i + 1, origin - HOUR_MS)),
    ...Array.from({ length: 8 }, (_, i) => forecast(i + 9, origin - 25 * HOUR_MS)),
  ];
  const set = buildFeatures({
    supplies: [
      {
        history: history(readings(LAST - 40, LAST, varied)),
        zone: 'Europe/Madrid',
        region: null,
        location: 'L',
      },
    ],
    targets: [{ supply: 0, day }],
    weather: indexWeather(rows, { observedFallback: false }),
    mode: 'predict',
  });

  it('flags, hour by hour, an earlier forecast and the imputed climate normal', () => {
    const fresh = indexWeather(freshWeatherRows(rows, origin), { observedFallback: false });

    const reasons = weatherFallbacks(set, 'L', origin, fresh);

    expect(reasons).toEqual([
      ...Array(8).fill(null),
      ...Array(8).fill('weather-earlier-forecast'),
      ...Array(8).fill('weather-climatology'),
    ]);
  });

  it('scales the centroid value of each row (weekday × 24 + local hour) by its level', () => {
    const centroid = Array.from({ length: 168 }, (_, i) => i / 100);

    const wh = profileForecast(set, centroid);

    // 2024-06-12 is a Wednesday (weekday 2): local hours 0..23 -> centroid[48..71].
    expect(Array.from(wh)).toEqual(
      Array.from({ length: 24 }, (_, h) => Math.fround(((48 + h) / 100) * set.levelWh[h]!)),
    );
  });
});
