import { type BenchSuite, type Figure, throughputFigure } from './harness.js';

/**
 * Readings written to MongoDB per mode. FerretDB 1.24 (the test server) scans the collection for
 * every update and every $in, so re-runs and replacements there run at hundreds and tens of rows/s;
 * raise these against a real MongoDB.
 */
const MONGO_ROWS = Number(process.env.MCE_BENCH_MONGO_ROWS ?? 20_000);
const MONGO_REPLACE_ROWS = Number(process.env.MCE_BENCH_MONGO_REPLACE_ROWS ?? 1_000);

/**
 * Store.upsertReadings throughput in batches of 5,000: 1M fresh, re-run (all unchanged) and
 * replaced readings into SQLite, against a plain multi-row INSERT of the same rows into the same
 * table shape in the same run; MongoDB likewise (fewer rows) when MCE_TEST_MONGO_URL is set.
 */
export const storeSuite: BenchSuite = {
  name: 'store',
  async run(ctx) {
    const n = '1000000';
    const plain = await ctx.runCase('store-upsert', ['plain', 'sqlite', n]);
    const figures: Figure[] = [
      throughputFigure(
        'SQLite upsert 1M fresh readings',
        await ctx.runCase('store-upsert', ['fresh', 'sqlite', n]),
        'plain INSERT',
        plain,
        0.7,
      ),
      throughputFigure(
        'SQLite upsert 1M readings again (unchanged)',
        await ctx.runCase('store-upsert', ['rerun', 'sqlite', n]),
        'plain INSERT',
        plain,
      ),
      throughputFigure(
        'SQLite upsert 1M higher versions (replaced)',
        await ctx.runCase('store-upsert', ['replace', 'sqlite', n]),
        'plain INSERT',
        plain,
      ),
    ];
    const mongo = process.env.MCE_TEST_MONGO_URL;
    if (!mongo) {
      ctx.log(
        'store: MongoDB figures skipped (MCE_TEST_MONGO_URL is not set; run test/services.sh start)',
      );
      return figures;
    }
    const m = String(MONGO_ROWS);
    const mPlain = await ctx.runCase('store-upsert', ['plain', mongo, m]);
    const mReplacePlain = await ctx.runCase('store-upsert', [
      'plain',
      mongo,
      String(MONGO_REPLACE_ROWS),
    ]);
    figures.push(
      throughputFigure(
        `MongoDB upsert ${m} fresh readings`,
        await ctx.runCase('store-upsert', ['fresh', mongo, m]),
        'insertMany',
        mPlain,
      ),
      throughputFigure(
        `MongoDB upsert ${m} readings again (unchanged)`,
        await ctx.runCase('store-upsert', ['rerun', mongo, m]),
        'insertMany',
        mPlain,
      ),
      throughputFigure(
        `MongoDB upsert ${MONGO_REPLACE_ROWS} higher versions (replaced)`,
        await ctx.runCase('store-upsert', ['replace', mongo, String(MONGO_REPLACE_ROWS)]),
        'insertMany',
        mReplacePlain,
      ),
    );
    return figures;
  },
};
