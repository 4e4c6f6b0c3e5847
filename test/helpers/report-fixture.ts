/**
 * A seeded, realistic period of operation for report tests: household supplies with daily peaks
 * and multiplicative noise, a behaviour change partway (some supplies start charging an electric
 * car at night), the prod model that does not know it, a retrained version scored as pre and then
 * promoted, the daily scores and baselines computed from those series, and drift tests run on
 * samples that shift with the change. The default period crosses the 25-hour day of October.
 */
import { addDays, weekdayOf } from '../../shared/calendar/days.js';
import { HOUR_MS, localDayBoundsUtc, toLocalFields } from '../../shared/calendar/zone.js';
import { makeCups } from '../../shared/f5d/cups.js';
import { type DriftEvaluation } from '../../shared/monitoring/drift.js';
import { type Stage } from '../../shared/registry/stages.js';
import { type ForecastRow } from '../../shared/report/forecast-series.js';
import { driftDayOf, type MonitoringInputs } from '../../shared/report/monitoring.js';
import { type Reading } from '../../shared/types.js';
import { prng } from './prng.js';
import { driftDays, gaussian, scoreDays } from './report-monitoring.js';

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
          uploadedAt: 0,
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
