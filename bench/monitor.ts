import { FORECAST_BENCH } from './forecast-data.js';
import { type BenchSuite, costFigure, type Figure, type Measurement, round } from './harness.js';

const N = 1_000_000;
const REPEATS = '3';
/** One day's monitoring may take at most this many times reading its data alone. */
const MONITOR_RATIO_TARGET = 3;
/**
 * Its peak RSS may be at most this many times that of reading its data alone: scoring holds the
 * forecast day's predictions and actuals (reading alone streams them) besides one chunk of
 * origin features.
 */
const MONITOR_MEMORY_TARGET = 2;

function agreement(ours: Measurement, scipy: Measurement): Record<string, unknown> {
  const get = (m: Measurement, key: string) => Number(m.extra?.[key]);
  const relative = (key: string) =>
    Math.abs(get(ours, key) - get(scipy, key)) / Math.abs(get(scipy, key));
  return {
    statisticRelativeDifference: relative('statistic'),
    pValueRelativeDifference: relative('pValue'),
  };
}

async function ksFigure(ctx: Parameters<BenchSuite['run']>[0]): Promise<Figure> {
  await ctx.runCase('ks-gen', [ctx.workDir, String(N), '1']);
  const ours = await ctx.runCase('ks-ours', [ctx.workDir, REPEATS]);
  const scipy = await ctx.runCase('ks-scipy', [ctx.workDir, REPEATS]);
  const skipped = scipy.extra?.skipped === true;
  if (skipped) ctx.log(`monitor: skipping the SciPy baseline (${String(scipy.extra?.reason)})`);
  const figure = costFigure(
    'KS two-sample 10⁶ vs 10⁶ (best of 3, sort included)',
    ours,
    skipped
      ? 'scipy.stats.ks_2samp (skipped)'
      : `scipy.stats.ks_2samp ${String(scipy.extra?.scipyVersion)}`,
    skipped ? { ...scipy, value: Number.NaN } : scipy,
  );
  return { ...figure, extra: { ours: ours.extra, ...(skipped ? {} : agreement(ours, scipy)) } };
}

function memoryFigure(name: string, subject: Measurement, baseline: Measurement): Figure {
  const ratio = subject.peakRssMb / baseline.peakRssMb;
  return {
    name,
    value: round(subject.peakRssMb, 1),
    unit: 'MB',
    baselineName: 'reading the same data alone',
    baselineValue: round(baseline.peakRssMb, 1),
    ratio: round(ratio, 3),
    peakRssMb: round(subject.peakRssMb, 1),
    baselinePeakRssMb: round(baseline.peakRssMb, 1),
    target: `<= ${MONITOR_MEMORY_TARGET}`,
    pass: ratio <= MONITOR_MEMORY_TARGET,
  };
}

/**
 * Monitoring benchmark:
 *   - the two-sample Kolmogorov-Smirnov test on 10⁶ vs 10⁶ values (sorting included) against
 *     scipy.stats.ks_2samp on the same files in the same run, when Python can import SciPy
 *     (otherwise one line says it was skipped and our absolute time is reported);
 *   - one day's monitoring (runMonitor: scoring, drift window, rules, outbox e-mails, report) of
 *     the forecast bench's 10,000 supplies on SQLite, against reading the data it reads alone
 *     (the day's predictions and readings, the origin data of the scoring and of the drift
 *     window), in seconds and peak RSS; and the scoring step alone against the same baseline.
 */
export const monitorSuite: BenchSuite = {
  name: 'monitor',
  async run(ctx) {
    const ks = await ksFigure(ctx);
    const wd = ctx.workDir;
    const gen = await ctx.runCase('monitor-gen', [wd]);
    ctx.log(`monitor: store with the day's forecast ready in ${round(gen.value, 1)} s`);
    const day = await ctx.runCase('monitor-run', [wd]);
    const score = await ctx.runCase('monitor-score', [wd]);
    const read = await ctx.runCase('monitor-read', [wd]);
    const n = FORECAST_BENCH.supplies.toLocaleString('en');
    ctx.log(
      `monitor: one day of ${n} supplies in ${round(day.value, 1)} s (scoring ${round(score.value, 1)} s, reading alone ${round(read.value, 1)} s)`,
    );
    return [
      ks,
      costFigure(
        `monitor one day of ${n} supplies on SQLite (score, drift, alerts, report)`,
        day,
        'reading the same data alone',
        read,
        MONITOR_RATIO_TARGET,
      ),
      costFigure(
        `monitor scoring alone, one forecast day of ${n} supplies`,
        score,
        'reading the same data alone',
        read,
      ),
      memoryFigure(`peak RSS of one day's monitoring of ${n} supplies`, day, read),
    ];
  },
};
