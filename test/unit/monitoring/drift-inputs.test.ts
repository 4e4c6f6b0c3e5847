import { describe, expect, it } from 'vitest';
import { dayRange } from '../../../shared/calendar/days.js';
import { dayType } from '../../../shared/calendar/holidays.js';
import {
  climateNormalC,
  TEMPERATURE_ANOMALY,
  temperatureAnomalyC,
} from '../../../shared/features/weather-index.js';
import { countDayMix, dayMixOf } from '../../../shared/monitoring/day-mix.js';
import { evaluateDrift } from '../../../shared/monitoring/drift.js';
import {
  DAY_MIX_FEATURE,
  driftInputs,
  FALLBACK_FEATURE,
  PER_DAY_INPUTS,
  type RecentWindow,
  SEGMENT_FEATURE,
  WEATHER_EFFECT_SCALE,
} from '../../../shared/monitoring/drift-inputs.js';
import { createRng } from '../../../shared/random.js';
import { type ReferenceSamples } from '../../../shared/registry/reference-samples.js';

const COLUMNS = ['temperatureC', 'lagWeekRel', 'historyDays'];

/** Rows of a fleet-like window: temperature ~ N(15 + shift, 6), lag ~ N(1, 0.2), level log-normal. */
function draw(n: number, seed: number, shift = { temperature: 0, level: 1 }) {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, () => [
    15 + shift.temperature + 6 * rng.normal(),
    1 + 0.2 * rng.normal(),
    rng.next() < 0.9 ? 7 : rng.int(0, 6),
  ]);
  const levelWh = Array.from({ length: n }, () => shift.level * Math.exp(6 + 0.8 * rng.normal()));
  return { rows, levelWh };
}

function featuresOf(n: number, seed: number, shift?: { temperature: number; level: number }) {
  const { rows, levelWh } = draw(n, seed, shift);
  return {
    x: {
      data: Float32Array.from(rows.flat()),
      nRows: n,
      nCols: COLUMNS.length,
      columns: COLUMNS,
    },
    levelWh: Float32Array.from(levelWh),
    ...eachRowItsOwnSupplyDay(n),
  };
}

/** Row i as supply i on one day: every row is a supply-day of its own (nothing deduplicated). */
function eachRowItsOwnSupplyDay(n: number) {
  return {
    dayNum: new Int32Array(n).fill(20_000),
    supply: Int32Array.from({ length: n }, (_, i) => i),
  };
}

function referenceOf(seed: number): ReferenceSamples {
  const { rows, levelWh } = draw(2000, seed);
  // The stored values went through the Float32 feature matrix too.
  const f32 = (v: number) => Math.fround(v);
  return {
    schemaVersion: 1,
    version: 'v1',
    seed,
    maxPerColumn: 2000,
    continuous: {
      temperatureC: rows.map((r) => f32(r[0]!)),
      levelWh: levelWh.map(f32),
      lagWeekRel: rows.map((r) => f32(r[1]!)),
      historyDays: rows.map((r) => r[2]!),
    },
    dayMix: countDayMix(dayRange('2023-05-01', '2024-04-30')),
    segments: { '0': 60, '1': 40 },
    window: { first: '2023-05-01', last: '2024-04-30' },
  };
}

const REFERENCE = referenceOf(1);
const BASE: RecentWindow = {
  features: featuresOf(20_000, 2),
  days: dayRange('2024-05-01', '2024-05-07'),
  segments: { '0': 60, '1': 40 },
  fallbacks: { none: 9000, 'weather-climatology': 100 },
  previousFallbacks: { none: 8950, 'weather-climatology': 110 },
};

describe('dayMixOf', () => {
  it.each([
    ['2024-12-25', 'sunday-holiday'], // Christmas, a Wednesday
    ['2024-12-29', 'sunday-holiday'],
    ['2024-12-28', 'saturday'],
    ['2024-12-27', 'working'],
    ['2024-11-02', 'saturday'],
  ])('%s is %s', (day, expected) => {
    expect(dayMixOf(day)).toBe(expected);
  });

  it('counts a bridge day as working', () => {
    // 1 May 2025 is a Thursday holiday: the Friday is a bridge.
    expect(dayType('2025-05-02', null)).toBe('bridge');
    expect(dayMixOf('2025-05-02')).toBe('working');
    expect(countDayMix(dayRange('2025-04-28', '2025-05-04'))).toEqual({
      working: 4,
      saturday: 1,
      'sunday-holiday': 2,
    });
  });
});

describe('driftInputs', () => {
  it('builds one continuous feature per stored input and the three categorical ones', () => {
    const features = driftInputs(REFERENCE, BASE);
    expect(features.map((f) => `${f.name}:${f.kind}`)).toEqual([
      'temperatureC:continuous',
      'levelWh:continuous',
      'lagWeekRel:continuous',
      'historyDays:continuous',
      `${DAY_MIX_FEATURE}:categorical`,
      `${SEGMENT_FEATURE}:categorical`,
      `${FALLBACK_FEATURE}:categorical`,
    ]);
    const temperature = features[0]!;
    expect(temperature.recent).toHaveLength(20_000);
    expect(temperature.reference).toBe(REFERENCE.continuous.temperatureC);
    expect(features[4]!.recent).toEqual({ working: 4, saturday: 1, 'sunday-holiday': 2 });
    // No preceding window: the fallback share has no honest reference and is left out.
    const { previousFallbacks: _, ...withoutPrevious } = BASE;
    expect(driftInputs(REFERENCE, withoutPrevious).map((f) => f.name)).not.toContain(
      FALLBACK_FEATURE,
    );
  });

  it('gives no alarm for a window drawn like the reference, nor for the reference itself', () => {
    const fresh = evaluateDrift(driftInputs(REFERENCE, BASE));
    expect(fresh.alarms).toEqual([]);
    expect(fresh.features.length).toBe(6);
    // Seven days are too few to test the day mix: skipped, with the reason.
    expect(fresh.skipped).toEqual([
      { feature: DAY_MIX_FEATURE, reason: '7 observations on one side, fewer than 30' },
    ]);
    const same = {
      x: {
        data: Float32Array.from(
          REFERENCE.continuous.temperatureC!.flatMap((t, i) => [
            t,
            REFERENCE.continuous.lagWeekRel![i]!,
            REFERENCE.continuous.historyDays![i]!,
          ]),
        ),
        nRows: 2000,
        nCols: 3,
        columns: COLUMNS,
      },
      levelWh: Float32Array.from(REFERENCE.continuous.levelWh!),
      ...eachRowItsOwnSupplyDay(2000),
    };
    const identical = evaluateDrift(
      driftInputs(REFERENCE, {
        ...BASE,
        features: same,
        days: dayRange('2024-03-01', '2024-04-09'),
        previousFallbacks: BASE.fallbacks,
      }),
    );
    expect(identical.alarms).toEqual([]);
    expect(identical.skipped).toEqual([]);
    for (const f of identical.features.filter((x) => x.kind === 'continuous')) {
      expect(f.statistic).toBe(0);
      expect(f.pValue).toBe(1);
    }
  });

  it('alarms on a shifted temperature only', () => {
    const shifted = { ...BASE, features: featuresOf(20_000, 2, { temperature: 3, level: 1 }) };
    const result = evaluateDrift(driftInputs(REFERENCE, shifted));
    expect(result.alarms).toEqual(['temperatureC']);
    const t = result.features.find((f) => f.feature === 'temperatureC')!;
    expect(t.effect).toBeGreaterThan(0.4); // 3 °C on a 6 °C spread
    expect(t.effect).toBeLessThan(0.6);
  });

  it('alarms on a level grown by half only', () => {
    const grown = { ...BASE, features: featuresOf(20_000, 2, { temperature: 0, level: 1.5 }) };
    expect(evaluateDrift(driftInputs(REFERENCE, grown)).alarms).toEqual(['levelWh']);
  });

  it('alarms on a changed segment membership and a jump in fallbacks', () => {
    const result = evaluateDrift(
      driftInputs(REFERENCE, {
        ...BASE,
        segments: { '0': 20, '1': 80 },
        fallbacks: { none: 6000, 'weather-climatology': 3000 },
      }),
    );
    expect(result.alarms).toEqual([SEGMENT_FEATURE, FALLBACK_FEATURE]);
  });

  it('names a watched column the recent rows lack', () => {
    const features = { ...BASE.features, x: { ...BASE.features.x, columns: ['a', 'b', 'c'] } };
    expect(() => driftInputs(REFERENCE, { ...BASE, features })).toThrow(
      'The recent feature rows have no column "temperatureC" to compare',
    );
  });

  it('counts per-day inputs once per supply-day and hourly inputs once per row', () => {
    // 3 supplies × 2 days × 24 hours; level and history days fixed per supply-day.
    const columns = ['lagWeekRel', 'historyDays', 'lastDayMeanRel'];
    const rows: number[][] = [];
    const levelWh: number[] = [];
    const dayNum: number[] = [];
    const supply: number[] = [];
    for (const d of [20_000, 20_001])
      for (const s of [0, 1, 2])
        for (let h = 0; h < 24; h++) {
          rows.push([1 + h / 100, 7 - s, 1 + s / 10 + (d - 20_000) / 100]);
          levelWh.push(1000 * (s + 1) + (d - 20_000));
          dayNum.push(d);
          supply.push(s);
        }
    const n = rows.length;
    const reference: ReferenceSamples = {
      ...REFERENCE,
      continuous: {
        levelWh: [1],
        lagWeekRel: [1],
        historyDays: [7],
        lastDayMeanRel: [1],
      },
    };
    const features = driftInputs(reference, {
      ...BASE,
      features: {
        x: { data: Float32Array.from(rows.flat()), nRows: n, nCols: 3, columns },
        levelWh: Float32Array.from(levelWh),
        dayNum: Int32Array.from(dayNum),
        supply: Int32Array.from(supply),
      },
    });
    const recent = (name: string) =>
      Array.from(features.find((f) => f.name === name)!.recent as ArrayLike<number>);

    expect(PER_DAY_INPUTS).toEqual(['levelWh', 'lastDayMeanRel', 'historyDays']);
    expect(recent('levelWh')).toEqual([1000, 2000, 3000, 1001, 2001, 3001]);
    expect(recent('historyDays')).toEqual([7, 6, 5, 7, 6, 5]);
    expect(recent('lastDayMeanRel').map((v) => Math.round(v * 100))).toEqual([
      100, 110, 120, 101, 111, 121,
    ]);
    expect(recent('lagWeekRel')).toHaveLength(n);
  });

  it('is no more confident than its supply-days: a level repeated over the hours is one observation', () => {
    // 40 supplies over 7 days drawn like the reference; each level value repeated for 24 hours.
    const rng = createRng(11);
    const days = 7;
    const supplies = 40;
    const n = days * supplies * 24;
    const levels = Array.from({ length: days * supplies }, () => Math.exp(6 + 0.8 * rng.normal()));
    const features = {
      x: { data: new Float32Array(0), nRows: n, nCols: 0, columns: [] as string[] },
      levelWh: Float32Array.from({ length: n }, (_, r) => levels[Math.floor(r / 24)]!),
      dayNum: Int32Array.from({ length: n }, (_, r) => 20_000 + Math.floor(r / 24 / supplies)),
      supply: Int32Array.from({ length: n }, (_, r) => Math.floor(r / 24) % supplies),
    };
    const reference = { ...REFERENCE, continuous: { levelWh: REFERENCE.continuous.levelWh! } };
    const level = driftInputs(reference, { ...BASE, features })[0]!;
    if (level.kind !== 'continuous') throw new Error('levelWh is continuous');
    expect(level.recent).toHaveLength(days * supplies);
    const once = evaluateDrift([level]).features[0]!;
    const everyHour = evaluateDrift([
      { name: 'levelWh', kind: 'continuous', reference: level.reference, recent: features.levelWh },
    ]).features[0]!;
    // The same empirical distribution either way; counted every hour, the test believes it has
    // 24 times the observations and its p-value is far smaller.
    expect(everyHour.statistic).toBeCloseTo(once.statistic, 12);
    expect(everyHour.pValue).toBeLessThan(once.pValue);
  });

  it('tests the temperature as its anomaly from the climate normal, needing five times the effect', () => {
    // Reference: a year of hours at their normal ± N(0, 2) °C. Recent: one July week.
    const rng = createRng(5);
    const columns = ['localHour', 'doySin', 'doyCos', 'temperatureC'];
    const hours = (firstDoy: number, nDays: number, offset: number) => {
      const rows: number[][] = [];
      for (let d = 0; d < nDays; d++)
        for (let h = 0; h < 24; h++) {
          const doy = (firstDoy + d) / 365.25;
          rows.push([
            h,
            Math.sin(2 * Math.PI * doy),
            Math.cos(2 * Math.PI * doy),
            climateNormalC(doy * 365.25, h) + offset + 2 * rng.normal(),
          ]);
        }
      return rows;
    };
    const anomalies = (rows: number[][]) =>
      rows.map((r) =>
        temperatureAnomalyC(Math.fround(r[3]!), Math.fround(r[1]!), Math.fround(r[2]!), r[0]!),
      );
    const year = hours(0, 365, 0).filter((_, i) => i % 5 === 0);
    const reference: ReferenceSamples = {
      ...REFERENCE,
      continuous: { [TEMPERATURE_ANOMALY]: anomalies(year) },
    };
    const window = (offset: number): RecentWindow => {
      const rows = hours(190, 7, offset);
      return {
        ...BASE,
        features: {
          x: { data: Float32Array.from(rows.flat()), nRows: rows.length, nCols: 4, columns },
          levelWh: new Float32Array(rows.length),
          ...eachRowItsOwnSupplyDay(rows.length),
        },
      };
    };
    const july = driftInputs(reference, window(0));
    const anomaly = july[0]!;
    expect(anomaly.name).toBe(TEMPERATURE_ANOMALY);
    expect(anomaly.minEffectScale).toBe(WEATHER_EFFECT_SCALE);
    expect(july.slice(1).every((f) => f.minEffectScale === undefined)).toBe(true);
    // A July week at its normal is no drift, though July is 10 °C above the year's mean.
    const rows = window(0).features;
    const raw = Array.from({ length: rows.x.nRows }, (_, r) => rows.x.data[r * 4 + 3]!);
    expect(raw.reduce((a, b) => a + b, 0) / raw.length).toBeGreaterThan(22);
    expect(evaluateDrift([anomaly]).features[0]!.alarm).toBe(false);
    // A week 0.6 °C warmer than usual (0.3 sd): significant and above the general minimum (0.1),
    // but weather, below the scaled minimum (0.5): no alarm.
    const warm = evaluateDrift([driftInputs(reference, window(0.6))[0]!]).features[0]!;
    expect(warm.minEffect).toBeCloseTo(0.1 * WEATHER_EFFECT_SCALE, 12);
    expect(warm.adjustedPValue).toBeLessThan(0.01);
    expect(warm.effect).toBeGreaterThan(0.1);
    expect(warm.alarm).toBe(false);
    // A broken feed (a stuck sensor reading 10 °C above normal) alarms.
    const broken = evaluateDrift([driftInputs(reference, window(10))[0]!]).features[0]!;
    expect(broken.alarm).toBe(true);
  });
});
