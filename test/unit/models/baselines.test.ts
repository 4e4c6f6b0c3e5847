import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../shared/calendar/zone.js';
import { InvalidInputError } from '../../../shared/errors.js';
import { buildFeatures } from '../../../shared/features/build-features.js';
import { buildHistory } from '../../../shared/features/history.js';
import { indexWeather } from '../../../shared/features/weather-index.js';
import { baselineForecast } from '../../../shared/models/baselines.js';

// A series whose value encodes its own UTC hour index makes every lag checkable by hand.
const START = Date.parse('2024-04-01T00:00:00Z');
const readings = Array.from({ length: 24 * 30 }, (_, i) => ({
  hourEnd: START + (i + 1) * HOUR_MS,
  wh: 100 + i,
}));
const set = buildFeatures({
  supplies: [
    {
      history: buildHistory('a', readings, 'Europe/Madrid'),
      zone: 'Europe/Madrid',
      region: null,
      location: null,
    },
  ],
  targets: [{ supply: 0, day: '2024-04-20' }],
  weather: indexWeather([], { observedFallback: true }),
  mode: 'train',
});

describe('baselineForecast', () => {
  it('seasonalNaive returns the reading of the same hour 7 days earlier', () => {
    const got = baselineForecast(set, 'seasonalNaive');
    for (let i = 0; i < set.x.nRows; i++) {
      expect(got[i]!).toBeCloseTo(set.actualWh[i]! - 7 * 24, 1);
    }
  });

  it('mean7 returns the mean of the same hour over days D−8..D−2', () => {
    // Same hour k days back is actual − 24k; mean over k = 2..8 is actual − 24·5.
    const got = baselineForecast(set, 'mean7');
    for (let i = 0; i < set.x.nRows; i++) {
      expect(got[i]!).toBeCloseTo(set.actualWh[i]! - 24 * 5, 1);
    }
  });

  it('median28 returns the median of the same hour over the days of D−29..D−2 that exist', () => {
    // Readings start at 03:00 local on 04-01: hours from 02:00 have k = 2..19 days back (median
    // k = 10.5), the two before have k = 2..18 (median k = 10).
    const got = baselineForecast(set, 'median28');
    const hour = set.x.columns.indexOf('localHour');
    for (let i = 0; i < set.x.nRows; i++) {
      const k = set.x.data[i * set.x.nCols + hour]! >= 2 ? 10.5 : 10;
      expect(got[i]!).toBeCloseTo(set.actualWh[i]! - 24 * k, 1);
    }
  });
});

describe('baselines on a feature set without their column', () => {
  it('throw InvalidInputError (a retry builds the same matrix)', () => {
    const columns = set.x.columns.map((c) => (c === 'lagWeekRel' ? 'renamed' : c));
    const renamed = { ...set, x: { ...set.x, columns } };

    expect(() => baselineForecast(renamed, 'seasonalNaive')).toThrow(InvalidInputError);
    expect(() => baselineForecast(renamed, 'seasonalNaive')).toThrow(/no column lagWeekRel/);
  });
});
