import { join } from 'node:path';
import { type BenchSuite, throughputFigure } from './harness.js';

const SUPPLIES = 500;
const FROM = '2024-01-01';
const TO = '2024-12-31';

/**
 * Synthetic fleet generation (500 supplies × 2024: loads, weather, P5D + F5D + RF5D files) against
 * writing the same number of fixed P5D + F5D lines to disk.
 */
export const synthSuite: BenchSuite = {
  name: 'synth',
  async run(ctx) {
    const readings = SUPPLIES * 366 * 24;
    const baseline = await ctx.runCase('synth-baseline', [
      join(ctx.workDir, 'synth-baseline'),
      String(readings),
    ]);
    const subject = await ctx.runCase('synth-generate', [
      join(ctx.workDir, 'synth-fleet'),
      String(SUPPLIES),
      FROM,
      TO,
    ]);
    return [
      throughputFigure(
        `generate ${SUPPLIES} supplies × 1 year`,
        subject,
        'fixed lines to disk',
        baseline,
      ),
    ];
  },
};
