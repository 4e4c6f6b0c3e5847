import { addDays, dayNumber } from '../calendar/days.js';
import { MARKET_ZONE, offsetChangeDays } from '../calendar/zone.js';
import { ValidationGateError } from '../errors.js';
import { buildFeatures, type FeatureSet, type FeatureSupply } from '../features/build-features.js';
import { clipHistory } from '../features/history.js';
import { type WeatherLookup } from '../features/weather-index.js';
import { type ModelForecast } from './backtest.js';
import { MAX_RELATIVE } from './segment-model.js';

/**
 * Synthetic validation sets a model must survive before registration: it must give finite,
 * non-negative, bounded forecasts when weather is missing, recent readings are missing, the
 * temperature is extreme, the supply is new (one week of history) and the day has 23 or 25 hours.
 */

export interface ScenarioInput {
  supplies: readonly FeatureSupply[];
  weather: WeatherLookup;
  /** Last local day with readings (YYYY-MM-DD); the scenarios forecast lastDay + latency. */
  lastDay: string;
  dataLatencyDays: number;
  defaultLevelWh: number;
}

export interface ScenarioResult {
  name: string;
  rows: number;
  maxWh: number;
}

function scenarios(input: ScenarioInput) {
  const target = addDays(input.lastDay, input.dataLatencyDays);
  const last = dayNumber(input.lastDay);
  const year = Number(input.lastDay.slice(0, 4));
  // The feature set's days are market days (buildFeatures' default zone).
  const dstDays = [
    ...offsetChangeDays(year - 1, MARKET_ZONE),
    ...offsetChangeDays(year, MARKET_ZONE),
  ];
  const constant =
    (temperatureC: number): WeatherLookup =>
    () => ({ temperatureC, cloudPct: 50 });
  const clipped = (firstDay: number, lastDay: number) =>
    input.supplies.map((s) => ({ ...s, history: clipHistory(s.history, lastDay, firstDay) }));
  return [
    { name: 'missing weather', supplies: input.supplies, weather: () => undefined, days: [target] },
    {
      name: 'missing recent readings',
      supplies: clipped(Number.NEGATIVE_INFINITY, last - 7),
      weather: input.weather,
      days: [target],
    },
    {
      name: 'extreme cold (-15 °C)',
      supplies: input.supplies,
      weather: constant(-15),
      days: [target],
    },
    {
      name: 'extreme heat (47 °C)',
      supplies: input.supplies,
      weather: constant(47),
      days: [target],
    },
    {
      name: 'new supply, one week of history',
      supplies: clipped(last - 6, last),
      weather: input.weather,
      days: [target],
    },
    {
      name: 'DST days (23 and 25 hours)',
      supplies: input.supplies,
      weather: input.weather,
      days: dstDays,
    },
  ];
}

/**
 * Runs every scenario through `predict`.
 * @throws ValidationGateError naming the first scenario with a non-finite, negative or unbounded output
 */
export function validateScenarios(
  predict: (set: FeatureSet) => ModelForecast,
  input: ScenarioInput,
): ScenarioResult[] {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios(input)) {
    const set = buildFeatures({
      supplies: scenario.supplies,
      targets: scenario.supplies.flatMap((_, supply) =>
        scenario.days.map((day) => ({ supply, day })),
      ),
      weather: scenario.weather,
      mode: 'predict',
      dataLatencyDays: input.dataLatencyDays,
      defaultLevelWh: input.defaultLevelWh,
    });
    const forecast = predict(set);
    let maxWh = 0;
    for (let i = 0; i < set.x.nRows; i++) {
      const bound = MAX_RELATIVE * set.levelWh[i]!;
      for (const value of [forecast.mean[i]!, forecast.p10[i]!, forecast.p90[i]!]) {
        if (!Number.isFinite(value) || value < 0 || value > bound * 1.0001) {
          throw new ValidationGateError(
            `Scenario "${scenario.name}" gives an invalid forecast ${value} at row ${i}`,
            {
              details: { scenario: scenario.name, row: i, value, boundWh: bound },
            },
          );
        }
        maxWh = Math.max(maxWh, value);
      }
    }
    results.push({ name: scenario.name, rows: set.x.nRows, maxWh });
  }
  return results;
}
