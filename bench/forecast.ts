import { FORECAST_BENCH } from './forecast-data.js';
import {
  type BenchSuite,
  type Figure,
  type Measurement,
  round,
  throughputFigure,
} from './harness.js';

/**
 * Forecast benchmark on SQLite (bench/forecast-data.ts: a 10,000-supply synthetic fleet, a model
 * with the default forest trained on the 1,000 a batch forecasts). Every case runs in its own
 * process:
 *   - the model step (forecastDay: features + predict; then also with fallbacks and the rows,
 *     forecastSupplyDays) against the forests' raw predict on a prepared matrix of the same
 *     rows, 1,000 supplies, one core, best of five warm runs each, in CPU seconds;
 *   - one batch of 1,000 supplies end to end (read, features, predict, write) against reading
 *     the same data alone;
 *   - the same batch's peak RSS over a fleet of 10,000 against one of 2,000 (a batch's memory must
 *     not grow with the fleet);
 *   - the whole fleet (10,000 supplies × 1 day, batches of 500, as `mce forecast`) against
 *     reading the same data alone, with its peak RSS.
 */
const MODEL_RATIO_TARGET = 0.5;
const BATCH_RATIO_TARGET = 0.25;
const MEMORY_RATIO_TARGET = 1.1;
const BATCH = 1000;

const extra = (m: Measurement, key: string) => {
  const v = m.extra?.[key];
  return typeof v === 'number' ? v : Number.NaN;
};

function memoryFigure(large: Measurement, small: Measurement): Figure {
  const ratio = large.peakRssMb / small.peakRssMb;
  return {
    name: `peak RSS of one batch of ${BATCH}, fleet of ${FORECAST_BENCH.supplies}`,
    value: round(large.peakRssMb, 1),
    unit: 'MB',
    baselineName: `the same batch, fleet of ${FORECAST_BENCH.smallFleet}`,
    baselineValue: round(small.peakRssMb, 1),
    ratio: round(ratio, 3),
    peakRssMb: round(large.peakRssMb, 1),
    baselinePeakRssMb: round(small.peakRssMb, 1),
    target: `<= ${MEMORY_RATIO_TARGET}`,
    pass: ratio <= MEMORY_RATIO_TARGET,
  };
}

export const forecastSuite: BenchSuite = {
  name: 'forecast',
  async run(ctx) {
    const wd = ctx.workDir;
    const n = String(FORECAST_BENCH.supplies);
    const gen = await ctx.runCase('forecast-gen', [wd]);
    ctx.log(
      `forecast: data and model ${String(gen.extra?.version)} ready in ${round(gen.value, 1)} s`,
    );
    const model = await ctx.runCase('forecast-model', [wd, String(BATCH), 'features-predict']);
    const step = await ctx.runCase('forecast-model', [wd, String(BATCH), 'step']);
    const predict = await ctx.runCase('forecast-predict', [wd, String(BATCH)]);
    const batch = await ctx.runCase('forecast-batch', [wd, n, String(BATCH)]);
    const read = await ctx.runCase('forecast-read', [wd, n, String(BATCH), String(BATCH)]);
    const small = await ctx.runCase('forecast-batch', [
      wd,
      String(FORECAST_BENCH.smallFleet),
      String(BATCH),
    ]);
    const fleet = await ctx.runCase('forecast-run', [wd, n, '500']);
    const fleetRead = await ctx.runCase('forecast-read', [wd, n, n, '500']);
    ctx.log(
      `forecast: one batch of ${BATCH} in ${round(extra(batch, 'seconds'), 2)} s (read ${round(extra(read, 'seconds'), 2)} s alone); fleet of ${n} in ${round(extra(fleet, 'seconds'), 1)} s (read ${round(extra(fleetRead, 'seconds'), 1)} s alone)`,
    );
    return [
      throughputFigure(
        `forecast model step, ${BATCH} supplies × 1 day (features + predict)`,
        model,
        'forest raw predict, same rows',
        predict,
        MODEL_RATIO_TARGET,
      ),
      throughputFigure(
        `forecast model step with fallbacks and rows, ${BATCH} supplies × 1 day`,
        step,
        'forest raw predict, same rows',
        predict,
      ),
      throughputFigure(
        `forecast one batch of ${BATCH} end to end on SQLite (read, features, predict, write)`,
        batch,
        'reading the same data alone',
        read,
        BATCH_RATIO_TARGET,
      ),
      memoryFigure(batch, small),
      throughputFigure(
        `forecast ${n} supplies × 1 day on SQLite (batches of 500, in process)`,
        fleet,
        'reading the same data alone',
        fleetRead,
      ),
    ];
  },
};
