import { type BenchSuite, costFigure, type Measurement } from './harness.js';

const N = 1_000_000;
const REPEATS = '3';

function agreement(ours: Measurement, scipy: Measurement): Record<string, unknown> {
  const get = (m: Measurement, key: string) => Number(m.extra?.[key]);
  const relative = (key: string) =>
    Math.abs(get(ours, key) - get(scipy, key)) / Math.abs(get(scipy, key));
  return {
    statisticRelativeDifference: relative('statistic'),
    pValueRelativeDifference: relative('pValue'),
  };
}

/**
 * Monitoring benchmark: the two-sample Kolmogorov-Smirnov test on 10⁶ vs 10⁶ values (sorting
 * included) against scipy.stats.ks_2samp on the same files in the same run, when Python can
 * import SciPy (otherwise one line says it was skipped and our absolute time is reported).
 */
export const monitorSuite: BenchSuite = {
  name: 'monitor',
  async run(ctx) {
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
    return [{ ...figure, extra: { ours: ours.extra, ...(skipped ? {} : agreement(ours, scipy)) } }];
  },
};
