import { describe, expect, it } from 'vitest';
import { dayRange } from '../../../shared/calendar/days.js';
import { dayType } from '../../../shared/calendar/holidays.js';
import { countDayMix, dayMixOf } from '../../../shared/monitoring/day-mix.js';
import { evaluateDrift } from '../../../shared/monitoring/drift.js';
import {
  DAY_MIX_FEATURE,
  driftInputs,
  FALLBACK_FEATURE,
  type RecentWindow,
  SEGMENT_FEATURE,
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
});
