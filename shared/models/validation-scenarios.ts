import { addDays, dayNumber } from '../calendar/days.js';
import { localDayBoundsUtc, MARKET_ZONE, offsetChangeDays } from '../calendar/zone.js';
import { buildFeatures, type FeatureSet, type FeatureSupply } from '../features/build-features.js';
import { clipHistory, type SupplyHistory } from '../features/history.js';
import { type WeatherLookup } from '../features/weather-index.js';
import { type ModelForecast } from './backtest.js';
import { type GateCheck } from './gate.js';
import { MAX_RELATIVE } from './segment-model.js';

/**
 * Scenarios a model must pass before registration, each asserting a property a buyer relies on:
 * a 23-hour and a 25-hour day give 23 and 25 values per supply; missing weather gives rows
 * flagged as imputed; a heat wave, a cold snap, a zero-consumption week and missing recent
 * readings give finite, non-negative, bounded forecasts with p10 ≤ point ≤ p90.
 */

export interface ScenarioInput {
  supplies: readonly FeatureSupply[];
  weather: WeatherLookup;
  /** Newest local day with readings (YYYY-MM-DD); the scenarios forecast lastDay + latency. */
  lastDay: string;
  dataLatencyDays: number;
  defaultLevelWh: number;
  /** The model as it will be applied to a feature set. */
  predict: (set: FeatureSet) => ModelForecast;
}

/** Every row is finite, non-negative, ordered and within MAX_RELATIVE × level; else the first bad one. */
export function invalidRow(set: FeatureSet, f: ModelForecast): string | null {
  for (let i = 0; i < set.x.nRows; i++) {
    const bound = MAX_RELATIVE * set.levelWh[i]! * 1.0001;
    const [p10, point, p90] = [f.p10[i]!, f.point[i]!, f.p90[i]!];
    const finite = [p10, point, p90].every((v) => Number.isFinite(v) && v >= 0 && v <= bound);
    if (!finite || p10 > point || point > p90) {
      return `row ${i}: p10 ${p10}, point ${point}, p90 ${p90} (bound ${bound.toFixed(1)} Wh)`;
    }
  }
  return null;
}

/** A history whose readings of days from..to (day numbers) read 0 Wh. */
function zeroedHistory(history: SupplyHistory, from: number, to: number): SupplyHistory {
  const slots = history.slots.slice();
  for (let day = Math.max(from, history.firstDay); day <= to; day++) {
    const d = day - history.firstDay;
    if (d < history.nDays) slots.fill(0, d * 24, (d + 1) * 24);
  }
  return { ...history, slots };
}

const constant =
  (temperatureC: number): WeatherLookup =>
  () => ({ temperatureC, cloudPct: 50 });

/**
 * Runs every scenario through `input.predict` and returns one check per scenario.
 * @example scenarioChecks(input).every((c) => c.passed) // a sound model
 */
export function scenarioChecks(input: ScenarioInput): GateCheck[] {
  const target = addDays(input.lastDay, input.dataLatencyDays);
  const last = dayNumber(input.lastDay);
  const year = Number(input.lastDay.slice(0, 4));
  const run = (supplies: readonly FeatureSupply[], weather: WeatherLookup, days: string[]) => {
    const set = buildFeatures({
      supplies,
      targets: supplies.flatMap((_, supply) => days.map((day) => ({ supply, day }))),
      weather,
      mode: 'predict',
      dataLatencyDays: input.dataLatencyDays,
      defaultLevelWh: input.defaultLevelWh,
    });
    return { set, forecast: input.predict(set) };
  };
  const valid = (name: string, supplies: readonly FeatureSupply[], weather: WeatherLookup) => {
    const { set, forecast } = run(supplies, weather, [target]);
    const bad = invalidRow(set, forecast);
    return { name, passed: bad === null, detail: bad ?? `${set.x.nRows} rows valid` };
  };
  const checks: GateCheck[] = [];
  // 23- and 25-hour days: every supply gets exactly the day's hours.
  for (const day of offsetChangeDays(year, MARKET_ZONE)) {
    const [from, to] = localDayBoundsUtc(day, MARKET_ZONE);
    const hours = Math.round((to - from) / 3_600_000);
    const { set, forecast } = run(input.supplies, input.weather, [day]);
    const counts = input.supplies.map((_, s) => set.supply.filter((v) => v === s).length);
    const bad = invalidRow(set, forecast);
    checks.push({
      name: `${hours}-hour day`,
      passed: counts.every((c) => c === hours) && bad === null,
      detail: `${day}: ${counts.join(', ')} values per supply, expected ${hours}${bad === null ? '' : `; ${bad}`}`,
    });
  }
  const missing = run(input.supplies, () => undefined, [target]);
  const imputed = missing.set.x.columns.indexOf('weatherImputed');
  const unflagged = Array.from({ length: missing.set.x.nRows }, (_, i) => i).filter(
    (i) => missing.set.x.data[i * missing.set.x.nCols + imputed] !== 1,
  );
  const badMissing = invalidRow(missing.set, missing.forecast);
  checks.push({
    name: 'missing weather',
    passed: unflagged.length === 0 && badMissing === null,
    detail:
      unflagged.length > 0
        ? `${unflagged.length} rows not flagged as imputed weather`
        : (badMissing ?? `${missing.set.x.nRows} rows flagged weatherImputed and valid`),
  });
  checks.push(valid('heat wave (45 °C)', input.supplies, constant(45)));
  checks.push(valid('cold snap (-15 °C)', input.supplies, constant(-15)));
  const zeroWeek = input.supplies.map((s) => ({
    ...s,
    history: zeroedHistory(s.history, last - 6, last),
  }));
  checks.push(valid('zero-consumption week', zeroWeek, input.weather));
  const stale = input.supplies.map((s) => ({
    ...s,
    history: clipHistory(s.history, last - 7),
  }));
  checks.push(valid('missing recent readings', stale, input.weather));
  return checks;
}
