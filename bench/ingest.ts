import { type BenchSuite, type Figure, throughputFigure } from './harness.js';
import { ensureMeterFile } from './meter-file.js';

/**
 * Ingestion throughput of a 1M-reading F5D file into SQLite (and MongoDB when MCE_TEST_MONGO_URL
 * names a server) against parse-only throughput of the same file in the same run.
 */
export const ingestSuite: BenchSuite = {
  name: 'ingest',
  async run(ctx) {
    const small = await ensureMeterFile(ctx.workDir, 250_000);
    const large = await ensureMeterFile(ctx.workDir, 1_000_000);
    const parseOnly = await ctx.runCase('parse', [large]);
    const sqlite = await ctx.runCase('ingest', [large, 'sqlite']);
    const sqliteSmall = await ctx.runCase('ingest', [small, 'sqlite']);
    const figure = throughputFigure(
      'ingest 1M readings into SQLite',
      sqlite,
      'parse only',
      parseOnly,
      0.4,
    );
    figure.extra = { ...figure.extra, peakRssMbAt250kReadings: Math.round(sqliteSmall.peakRssMb) };
    const figures: Figure[] = [figure];
    const mongo = process.env.MCE_TEST_MONGO_URL;
    if (mongo) {
      const m = await ctx.runCase('ingest', [large, mongo]);
      figures.push(throughputFigure('ingest 1M readings into MongoDB', m, 'parse only', parseOnly));
    } else {
      ctx.log(
        'ingest: MongoDB figure skipped (MCE_TEST_MONGO_URL is not set; run test/services.sh start)',
      );
    }
    return figures;
  },
};
