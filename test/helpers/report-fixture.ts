/**
 * A seeded, realistic period of operation for report tests: household supplies with daily peaks
 * and multiplicative noise, a behaviour change partway (some supplies start charging an electric
 * car at night), the prod model that does not know it, a retrained version scored as pre and then
 * promoted, the daily scores and baselines computed from those series, and drift tests run on
 * samples that shift with the change. The default period crosses the 25-hour day of October.
 */
import { addDays, weekdayOf } from '../../shared/calendar/holidays.js';
import { HOUR_MS, localDayBoundsUtc, toLocalFields } from '../../shared/calendar/zone.js';
import { makeCups } from '../../shared/f5d/cups.js';
import {
  type DriftEvaluation,
  type DriftFeature,
  evaluateDrift,
} from '../../shared/monitoring/drift.js';
import { type Stage } from '../../shared/registry/stages.js';
import { type ForecastRow } from '../../shared/report/forecast-series.js';
import { driftDayOf, type MonitoringInputs } from '../../shared/report/monitoring.js';
import { type DailyScore } from '../../shared/report/report-data.js';
import { type Reading } from '../../shared/types.js';
import { prng } from './prng.js';

export interface ReportFixtureOptions {
  seed: number;
  from: string;
  days: number;
  supplies: number;
  /** Index of the period day the behaviour change starts. */
  changeDay: number;
  /** Index of the day the retrained version is registered (03:00) and promoted (12:00). */
  registerDay: number;
  promoteDay: number;
}

export const REPORT_FIXTURE_DEFAULTS: ReportFixtureOptions = {
  seed: 7,
  from: '2025-10-13',
  days: 21,
  supplies: 24,
  changeDay: 7,
  registerDay: 11,
  promoteDay: 15,
};

export interface ReportFixture {
  options: ReportFixtureOptions;
  from: string;
  to: string;
  days: string[];
  cups: string[];
  /** History (30 days before the period) and the period's actuals, all but the last day. */
  readings: Reading[];
  /** Forecast rows by `${stage}|${day}`. */
  forecasts: Map<string, ForecastRow[]>;
  /** Model version of each stage's forecasts by `${stage}|${day}`. */
  versions: Map<string, string>;
  monitoring: MonitoringInputs;
  /** Each day's drift evaluation, from which monitoring.drift was made. */
  driftEvaluations: { date: string; evaluation: DriftEvaluation }[];
  /** UTC ms of the retrained version's registration and promotion. */
  registeredAt: number;
  promotedAt: number;
}

const SIGMA = 0.35;
const Z90 = 1.2816;
const EV_WH = 2500;

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Typical relative load at a local hour (morning, midday and evening peaks). */
function shape(hour: number, weekend: boolean): number {
  const peak = (h: number, width: number) => Math.exp(-((hour - h) ** 2) / width);
  return (
    (0.45 + 0.5 * peak(8, 4) + 0.25 * peak(14, 3) + 1.1 * peak(20.5, 5)) * (weekend ? 1.15 : 1)
  );
}

interface Hour {
  hourEnd: number;
  localHour: number;
  weekend: boolean;
}

function hoursOf(day: string): Hour[] {
  const [start, end] = localDayBoundsUtc(day, 'Europe/Madrid');
  const out: Hour[] = [];
  for (let t = start + HOUR_MS; t <= end; t += HOUR_MS) {
    out.push({
      hourEnd: t,
      localHour: toLocalFields(t - HOUR_MS, 'Europe/Madrid').getUTCHours(),
      weekend: weekdayOf(day) >= 5,
    });
  }
  return out;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** Builds the fixture; the same options always give the same data. */
export function reportFixture(overrides: Partial<ReportFixtureOptions> = {}): ReportFixture {
  const o = { ...REPORT_FIXTURE_DEFAULTS, ...overrides };
  const rand = prng(o.seed);
  const days = Array.from({ length: o.days }, (_, i) => addDays(o.from, i));
  const to = days[days.length - 1] ?? o.from;
  const cups = Array.from({ length: o.supplies }, (_, i) =>
    makeCups(`0031${String(1000 + i * 37).padStart(12, '0')}`),
  );
  const level = cups.map(() => 120 + rand() * 520);
  const ev = (s: number, dayIndex: number, localHour: number) =>
    s % 6 === 0 && dayIndex >= o.changeDay && localHour >= 1 && localHour <= 4;
  const actual = new Map<string, number>();
  const readings: Reading[] = [];
  for (let d = -30; d < o.days - 1; d++) {
    const day = addDays(o.from, d);
    for (const h of hoursOf(day)) {
      cups.forEach((c, s) => {
        const base =
          (level[s] ?? 0) * shape(h.localHour, h.weekend) * Math.exp(SIGMA * gaussian(rand));
        const wh = round1(
          base + (ev(s, d, h.localHour) && rand() < 0.85 ? EV_WH * (0.8 + 0.4 * rand()) : 0),
        );
        actual.set(`${c}|${h.hourEnd}`, wh);
        readings.push({
          cups: c,
          hourEnd: h.hourEnd,
          wh,
          exportWh: null,
          kind: 'F5D',
          fileDate: 20251120,
          version: 0,
          method: 1,
          firm: true,
        });
      });
    }
  }
  const forecasts = new Map<string, ForecastRow[]>();
  const versions = new Map<string, string>();
  const forecast = (stage: Stage, d: number, knowsChange: boolean, version: string) => {
    const day = days[d] ?? o.from;
    const rows: ForecastRow[] = [];
    for (const h of hoursOf(day)) {
      cups.forEach((c, s) => {
        const median =
          (level[s] ?? 0) * shape(h.localHour, h.weekend) * (1 + 0.06 * gaussian(rand));
        const extra = knowsChange && ev(s, d, h.localHour) ? EV_WH * 0.9 : 0;
        rows.push({
          cups: c,
          hourEnd: h.hourEnd,
          wh: round1(median + extra),
          p10: round1(median * Math.exp(-Z90 * SIGMA) + extra * 0.3),
          p90: round1(median * Math.exp(Z90 * SIGMA) + extra * 1.15),
        });
      });
    }
    forecasts.set(`${stage}|${day}`, rows);
    versions.set(`${stage}|${day}`, version);
  };
  for (let d = 0; d < o.days; d++) {
    const prodV2 = d >= o.promoteDay + 2;
    forecast('prod', d, prodV2, prodV2 ? 'v2' : 'v1');
    if (d > o.registerDay && d <= o.promoteDay + 1) forecast('pre', d, true, 'v2');
  }
  const driftEvaluations = driftDays(days, o);
  const monitoring = {
    scores: scoreDays(days, to, forecasts, versions, actual),
    drift: driftEvaluations.map((e) =>
      driftDayOf(e.date, e.evaluation, versions.get(`prod|${e.date}`) ?? null),
    ),
  };
  const at = (d: number, hour: number) =>
    localDayBoundsUtc(days[d] ?? o.from, 'Europe/Madrid')[0] + hour * HOUR_MS;
  return {
    options: o,
    from: o.from,
    to,
    days,
    cups,
    readings,
    forecasts,
    versions,
    monitoring,
    driftEvaluations,
    registeredAt: at(o.registerDay, 3),
    promotedAt: at(o.promoteDay, 12),
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

/** Each day's WAPE and coverage per stage, and the three baselines' WAPE on the same rows. */
function scoreDays(
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
function driftDays(
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
