import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../shared/calendar/days.js';
import { HOUR_MS, localDayBoundsUtc, localDayOfHourEnd } from '../../../shared/calendar/zone.js';
import { buildFeatures, type FeatureSupply } from '../../../shared/features/build-features.js';
import { FEATURE_NAMES, FEATURE_SPECS } from '../../../shared/features/feature-specs.js';
import { buildHistory } from '../../../shared/features/history.js';
import { forecastOriginUtc } from '../../../shared/features/origin.js';
import { indexWeather } from '../../../shared/features/weather-index.js';
import { makeTestFleet } from '../../helpers/load-fleet.js';

const col = (name: string): number => FEATURE_NAMES.indexOf(name);
const noWeather = indexWeather([], { observedFallback: true });

function column(set: ReturnType<typeof buildFeatures>, name: string): number[] {
  const c = col(name);
  return Array.from({ length: set.x.nRows }, (_, i) => set.x.data[i * set.x.nCols + c]!);
}

describe('buildFeatures', () => {
  const fleet = makeTestFleet({ nSupplies: 2, firstDay: '2024-02-01', nDays: 120, seed: 7 });
  const weather = indexWeather(fleet.weather, { observedFallback: true });

  it.each(['2024-03-20', '2024-03-31', '2024-05-02'])(
    'leaves features unchanged for target %s when every reading after the visibility cut-off is corrupted',
    (day) => {
      // Prepare: the last visible day is D−2; corrupt everything after its end.
      const cutoff = localDayBoundsUtc(
        new Date(Date.parse(`${day}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10),
        'Europe/Madrid',
      )[1];
      const corrupted: FeatureSupply[] = fleet.supplies.map((s, i) => ({
        ...s,
        history: buildHistory(
          s.history.cups,
          fleet.readings[i]!.map((r) => (r.hourEnd > cutoff ? { ...r, wh: r.wh * 10 + 999 } : r)),
          'Europe/Madrid',
        ),
      }));
      const targets = [
        { supply: 0, day },
        { supply: 1, day },
      ];
      // Act
      const clean = buildFeatures({ supplies: fleet.supplies, targets, weather, mode: 'train' });
      const dirty = buildFeatures({ supplies: corrupted, targets, weather, mode: 'train' });
      // Assess: features identical, labels (the future) differ.
      expect(Array.from(dirty.x.data)).toEqual(Array.from(clean.x.data));
      expect(Array.from(dirty.actualWh)).not.toEqual(Array.from(clean.actualWh));
    },
  );

  it('changes features when a reading of the last visible day changes (the leakage test can fail)', () => {
    const day = '2024-03-20';
    const lastVisibleEnd = localDayBoundsUtc('2024-03-18', 'Europe/Madrid')[1];
    const touched: FeatureSupply[] = [
      {
        ...fleet.supplies[0]!,
        history: buildHistory(
          'x',
          fleet.readings[0]!.map((r) =>
            r.hourEnd === lastVisibleEnd ? { ...r, wh: r.wh + 500 } : r,
          ),
          'Europe/Madrid',
        ),
      },
    ];
    const a = buildFeatures({
      supplies: [fleet.supplies[0]!],
      targets: [{ supply: 0, day }],
      weather,
      mode: 'train',
    });
    const b = buildFeatures({
      supplies: touched,
      targets: [{ supply: 0, day }],
      weather,
      mode: 'train',
    });
    expect(Array.from(b.x.data)).not.toEqual(Array.from(a.x.data));
  });

  it.each([
    ['2024-03-31', 23, [0, 1, 3, 4, 5]],
    ['2024-10-27', 25, [0, 1, 2, 2, 3]],
    ['2024-04-10', 24, [0, 1, 2, 3, 4]],
  ])('gives %s %i rows with the right local hours', (day, hours, firstHours) => {
    const long = makeTestFleet({ nSupplies: 1, firstDay: '2024-03-01', nDays: 250, seed: 3 });
    const set = buildFeatures({
      supplies: long.supplies,
      targets: [{ supply: 0, day }],
      weather: noWeather,
      mode: 'train',
    });
    const localHours = column(set, 'localHour');
    expect(set.x.nRows).toBe(hours);
    expect(localHours.slice(0, 5)).toEqual(firstHours);
    expect(localHours.at(-1)).toBe(23);
    expect(set.hourEnd[0]).toBe(localDayBoundsUtc(day, 'Europe/Madrid')[0] + HOUR_MS);
  });

  it.each([
    ['2024-05-02', 'MD', 1, 0],
    ['2024-05-02', 'CT', 0, 0],
    ['2024-05-03', 'MD', 0, 1],
    ['2024-05-07', 'MD', 0, 0],
  ] as const)('flags %s in region %s as holiday=%i bridge=%i', (day, region, holiday, bridge) => {
    const supplies = fleet.supplies.map((s) => ({ ...s, region }));
    const set = buildFeatures({ supplies, targets: [{ supply: 0, day }], weather, mode: 'train' });
    expect(new Set(column(set, 'isHoliday'))).toEqual(new Set([holiday]));
    expect(new Set(column(set, 'isBridge'))).toEqual(new Set([bridge]));
  });

  it('computes the seasonal-naive lag and persistence mean from the visible same hours', () => {
    const day = '2024-04-17';
    const set = buildFeatures({
      supplies: fleet.supplies,
      targets: [{ supply: 0, day }],
      weather,
      mode: 'train',
    });
    const h = fleet.supplies[0]!.history;
    const row = 10;
    const hourEnd = set.hourEnd[row]!;
    const level = set.levelWh[row]!;
    const at = (t: number) => h.hourly[Math.round((t - h.firstHourEnd) / HOUR_MS)]!;
    const week = at(hourEnd - 7 * 24 * HOUR_MS);
    const same = [2, 3, 4, 5, 6, 7, 8].map((k) => at(hourEnd - k * 24 * HOUR_MS));
    const mean = same.reduce((a, b) => a + b, 0) / 7;
    expect(set.x.data[row * set.x.nCols + col('lagWeekRel')]! * level).toBeCloseTo(week, 1);
    expect(set.x.data[row * set.x.nCols + col('sameHourMean7Rel')]! * level).toBeCloseTo(mean, 1);
  });

  it('imputes every missing input in predict mode and never yields NaN', () => {
    // Prepare: one supply with only 3 days of history, ending 10 days before the target.
    const few = fleet.readings[0]!.slice(0, 72);
    const supplies: FeatureSupply[] = [
      {
        history: buildHistory('a', few, 'Europe/Madrid'),
        zone: 'Europe/Madrid',
        region: null,
        location: null,
      },
      {
        history: buildHistory('b', [], 'Europe/Madrid'),
        zone: 'Atlantic/Canary',
        region: 'CN',
        location: 'nowhere',
      },
    ];
    const set = buildFeatures({
      supplies,
      targets: [
        { supply: 0, day: '2024-02-14' },
        { supply: 1, day: '2024-02-14' },
      ],
      weather,
      mode: 'predict',
      defaultLevelWh: 300,
    });
    expect(set.x.nRows).toBe(48);
    expect(Array.from(set.x.data).every(Number.isFinite)).toBe(true);
    expect(column(set, 'weatherImputed').every((v) => v === 1)).toBe(true);
    expect(set.levelWh[30]).toBe(300);
  });

  it('drops training rows with no label or no visible level and counts them', () => {
    const supplies: FeatureSupply[] = [
      {
        history: buildHistory('b', [], 'Europe/Madrid'),
        zone: 'Europe/Madrid',
        region: null,
        location: null,
      },
    ];
    const set = buildFeatures({
      supplies,
      targets: [{ supply: 0, day: '2024-03-31' }],
      weather,
      mode: 'train',
    });
    expect(set.x.nRows).toBe(0);
    expect(set.dropped).toBe(23);
  });

  it('uses only forecasts issued by the origin, and observations only when allowed', () => {
    const day = '2024-04-17';
    const origin = forecastOriginUtc(day, 'Europe/Madrid');
    const hourEnd = localDayBoundsUtc(day, 'Europe/Madrid')[0] + 13 * HOUR_MS;
    const base = {
      location: 'L',
      hourEnd,
      humidityPct: null,
      cloudPct: null,
      windMs: null,
      radiationWm2: null,
      source: 't',
    };
    const rows = [
      { ...base, kind: 'forecast' as const, issuedAt: origin - HOUR_MS, temperatureC: 20 },
      { ...base, kind: 'forecast' as const, issuedAt: origin + HOUR_MS, temperatureC: 30 },
      { ...base, kind: 'observed' as const, issuedAt: hourEnd, temperatureC: 25 },
    ];
    expect(
      indexWeather(rows, { observedFallback: false })('L', hourEnd, origin)?.temperatureC,
    ).toBe(20);
    expect(
      indexWeather(rows.slice(1), { observedFallback: false })('L', hourEnd, origin),
    ).toBeUndefined();
    expect(
      indexWeather(rows.slice(1), { observedFallback: true })('L', hourEnd, origin)?.temperatureC,
    ).toBe(25);
  });
});

describe('buildFeatures as of an origin (when files arrived)', () => {
  const fleet = makeTestFleet({ nSupplies: 1, firstDay: '2024-02-01', nDays: 120, seed: 8 });
  const day = '2024-04-20';
  const target = [{ supply: 0, day }];
  const dayNum = dayNumber(day);
  const readings = fleet.readings[0]!;
  const madridDay = (hourEnd: number) => dayNumber(localDayOfHourEnd(hourEnd, 'Europe/Madrid'));
  /** Readings of days in `late` arrive on `arrival` (a day number); every other day the day after. */
  const history = (late: Set<number>, arrival: number, drop = false) =>
    buildHistory(
      'a',
      readings.flatMap((r) => {
        const d = madridDay(r.hourEnd);
        if (!late.has(d)) return [{ ...r, knownDay: d + 1 }];
        return drop ? [] : [{ ...r, knownDay: arrival }];
      }),
      'Europe/Madrid',
    );
  const features = (h: ReturnType<typeof buildHistory>, labelsKnownBy?: number) =>
    buildFeatures({
      supplies: [{ ...fleet.supplies[0]!, history: h }],
      targets: target,
      weather: noWeather,
      mode: 'train',
      ...(labelsKnownBy === undefined ? {} : { labelsKnownBy }),
    });

  it('ignores readings whose file arrived after the origin, as if they did not exist', () => {
    // D−2, D−5 and D−9 missed their daily file and came with a monthly one after the origin.
    const late = new Set([dayNum - 2, dayNum - 5, dayNum - 9]);
    const arrivedLate = features(history(late, dayNum + 5));
    const neverStored = features(history(late, 0, true));
    expect(Array.from(arrivedLate.x.data)).toEqual(Array.from(neverStored.x.data));
  });

  it('uses the same readings when their file arrived by the origin day (the test above can fail)', () => {
    const late = new Set([dayNum - 2, dayNum - 5, dayNum - 9]);
    const onTime = features(history(late, dayNum - 1));
    const neverStored = features(history(late, 0, true));
    expect(Array.from(onTime.x.data)).not.toEqual(Array.from(neverStored.x.data));
    expect(column(onTime, 'historyDays')[0]).toBe(7);
    expect(column(neverStored, 'historyDays')[0]).toBe(5); // D−2 and D−5 of D−8..D−2 missing
  });

  it('drops training rows whose label was not known by labelsKnownBy', () => {
    const h = history(new Set([dayNum]), dayNum + 30);
    expect(features(h).x.nRows).toBe(24);
    expect(features(h, dayNum + 29).x.nRows).toBe(0);
    expect(features(h, dayNum + 29).dropped).toBe(24);
  });
});

describe('FEATURE_SPECS', () => {
  it('states a missing-input rule for every feature', () => {
    expect(FEATURE_SPECS.every((s) => s.missing.length > 0 && s.description.length > 0)).toBe(true);
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
  });
});

describe('forecastOriginUtc', () => {
  it.each([
    ['2024-03-31', '2024-03-30T10:00:00.000Z'],
    ['2024-04-01', '2024-03-31T09:00:00.000Z'],
    ['2024-10-28', '2024-10-27T10:00:00.000Z'],
    ['2024-07-01', '2024-06-30T09:00:00.000Z'],
  ])('puts the origin of %s at 11:00 Madrid time the day before (%s)', (day, iso) => {
    expect(new Date(forecastOriginUtc(day, 'Europe/Madrid')).toISOString()).toBe(iso);
  });
});

describe('buildFeatures temperature delta', () => {
  it('gives the target-day mean minus the mean of the 7 visible days before it', () => {
    const hot = makeTestFleet({ nSupplies: 1, firstDay: '2024-06-01', nDays: 30, seed: 5 });
    const w = indexWeather(hot.weather, { observedFallback: true });
    const set = buildFeatures({
      supplies: hot.supplies,
      targets: [{ supply: 0, day: '2024-06-20' }],
      weather: w,
      mode: 'train',
    });
    const [from] = localDayBoundsUtc('2024-06-12', 'Europe/Madrid');
    const [, to] = localDayBoundsUtc('2024-06-18', 'Europe/Madrid');
    const past = hot.weather
      .filter((r) => r.hourEnd > from && r.hourEnd <= to)
      .map((r) => r.temperatureC!);
    const expected =
      column(set, 'tempDayMeanC')[0]! - past.reduce((a, b) => a + b, 0) / past.length;
    expect(column(set, 'tempDeltaC')[0]!).toBeCloseTo(expected, 3);
  });
});
