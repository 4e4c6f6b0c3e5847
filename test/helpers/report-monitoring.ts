/**
 * What the daily monitoring would have produced for a report fixture: each day's WAPE and p10–p90
 * coverage per stage with three baselines scored on the same rows, and drift tests on samples
 * that shift while prod does not know the fixture's behaviour change.
 */
import { addDays } from '../../shared/calendar/days.js';
import { HOUR_MS } from '../../shared/calendar/zone.js';
import {
  type DriftEvaluation,
  type DriftFeature,
  evaluateDrift,
} from '../../shared/monitoring/drift.js';
import { type ForecastRow } from '../../shared/report/forecast-series.js';
import { type DailyScore } from '../../shared/report/report-data.js';
import { prng } from './prng.js';
import { type ReportFixtureOptions } from './report-fixture.js';

/** A standard normal draw (Box-Muller). */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Each day's WAPE and coverage per stage, and the three baselines' WAPE on the same rows. */
export function scoreDays(
  days: readonly string[],
  to: string,
  forecasts: ReadonlyMap<string, ForecastRow[]>,
  versions: ReadonlyMap<string, string>,
  actual: ReadonlyMap<string, number>,
): DailyScore[] {
  const back = (r: ForecastRow, k: number) =>
    actual.get(`${r.cups}|${r.hourEnd - k * 24 * HOUR_MS}`);
  const baselines: Record<string, (r: ForecastRow) => number> = {
    seasonalNaive: (r) => back(r, 7) ?? 0,
    mean7: (r) => [2, 3, 4, 5, 6, 7, 8].reduce((s, k) => s + (back(r, k) ?? 0), 0) / 7,
    median28: (r) => median(Array.from({ length: 28 }, (_, i) => back(r, i + 2) ?? 0)),
  };
  return days.flatMap((day): DailyScore[] => {
    const prod = forecasts.get(`prod|${day}`) ?? [];
    if (!prod.every((r) => actual.has(`${r.cups}|${r.hourEnd}`))) return [];
    const wape = (rows: readonly ForecastRow[], f: (r: ForecastRow) => number) => {
      let err = 0;
      let sum = 0;
      for (const r of rows) {
        const a = actual.get(`${r.cups}|${r.hourEnd}`) ?? 0;
        err += Math.abs(a - f(r));
        sum += a;
      }
      return err / sum;
    };
    const stages: DailyScore['stages'] = {};
    for (const stage of ['prod', 'pre'] as const) {
      const rows = forecasts.get(`${stage}|${day}`);
      if (!rows) continue;
      const inside = rows.filter((r) => {
        const a = actual.get(`${r.cups}|${r.hourEnd}`) ?? 0;
        return a >= r.p10 && a <= r.p90;
      }).length;
      stages[stage] = {
        wape: wape(rows, (r) => r.wh),
        coverage: inside / rows.length,
        modelVersion: versions.get(`${stage}|${day}`) ?? null,
      };
    }
    const status = day <= addDays(to, -6) ? 'final' : 'provisional';
    return [
      {
        date: day,
        status,
        stages,
        baselines: Object.fromEntries(
          Object.entries(baselines).map(([n, f]) => [n, wape(prod, f)]),
        ),
      },
    ];
  });
}

const CONTINUOUS = [
  'temperatureC',
  'tempDayMeanC',
  'cloudPct',
  'lagWeekRel',
  'lagLastDayRel',
  'sameHourMean7Rel',
  'lastDayMeanRel',
];
const SHIFTED: Readonly<Record<string, number>> = {
  lagLastDayRel: 0.75,
  lastDayMeanRel: 0.6,
  sameHourMean7Rel: 0.3,
};

/** Daily drift tests: lag and level features shift while prod does not know the change. */
export function driftDays(
  days: readonly string[],
  o: ReportFixtureOptions,
): { date: string; evaluation: DriftEvaluation }[] {
  const rand = prng(o.seed + 1);
  const sample = (n: number, shift: number) =>
    Float64Array.from({ length: n }, () => gaussian(rand) + shift);
  const reference = new Map(CONTINUOUS.map((f) => [f, sample(400, 0)]));
  const weekdays = { '0': 57, '1': 57, '2': 57, '3': 57, '4': 57, '5': 57, '6': 58 };
  return days.slice(0, -1).map((day, d) => {
    const drifting = d > o.changeDay && d <= o.promoteDay + 1;
    const features: DriftFeature[] = CONTINUOUS.map((name) => ({
      name,
      kind: 'continuous',
      reference: reference.get(name) ?? [],
      recent: sample(
        240,
        drifting ? (SHIFTED[name] ?? 0) : name === 'temperatureC' ? 0.08 * (d / days.length) : 0,
      ),
    }));
    features.push({
      name: 'weekday',
      kind: 'categorical',
      reference: weekdays,
      recent: { '0': 34, '1': 34, '2': 34, '3': 34, '4': 34, '5': 35, '6': 35 },
    });
    return { date: day, evaluation: evaluateDrift(features) };
  });
}
