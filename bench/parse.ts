import { type BenchSuite, throughputFigure } from './harness.js';
import { ensureMeterFile } from './meter-file.js';

/** Parser throughput on a 1M-line F5D file against reading + splitting the same file. */
export const parseSuite: BenchSuite = {
  name: 'parse',
  async run(ctx) {
    const small = await ensureMeterFile(ctx.workDir, 250_000);
    const large = await ensureMeterFile(ctx.workDir, 1_000_000);
    const baseline = await ctx.runCase('read-split', [large]);
    const subject = await ctx.runCase('parse', [large]);
    const smaller = await ctx.runCase('parse', [small]);
    const figure = throughputFigure(
      'parse F5D 1M lines',
      subject,
      'readline + split',
      baseline,
      0.5,
    );
    figure.extra = { ...figure.extra, peakRssMbAt250kLines: Math.round(smaller.peakRssMb) };
    return [figure];
  },
};
