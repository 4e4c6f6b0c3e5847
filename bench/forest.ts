import { FOREST_DEFAULTS } from '../shared/models/forest.js';
import { type BenchSuite, costFigure, type Figure, type Measurement, round } from './harness.js';

/**
 * Forest benchmark: our histogram forest against scikit-learn's RandomForestRegressor (same
 * process-isolated run, same exported matrix, same hyper-parameters = FOREST_DEFAULTS, n_jobs = 1):
 * fit time, held-out WAPE in Wh, model file size and load time. The matrix is the production one
 * (bench/forest-data.ts: buildFeatures over a synthetic fleet), ≥ 500k training rows and about
 * 100k held-out rows from the most recent days. scikit-learn is optional: without it the suite
 * prints one line and reports our absolute figures only.
 */

const FIT_RATIO_TARGET = 0.5;
const WAPE_POINTS_TARGET = 1;
const MAX_MODEL_MB = 50;
const MAX_LOAD_MS = 1000;

function extraNumber(m: Measurement, key: string): number {
  const v = m.extra?.[key];
  return typeof v === 'number' ? v : Number.NaN;
}

function absoluteFigure(
  name: string,
  value: number,
  unit: string,
  baselineName: string,
  baselineValue: number,
  max: number,
  peaks: [number, number],
): Figure {
  return {
    name,
    value: round(value, 3),
    unit,
    baselineName,
    baselineValue: round(baselineValue, 3),
    ratio: round(value / baselineValue, 3),
    peakRssMb: round(peaks[0], 1),
    baselinePeakRssMb: round(peaks[1], 1),
    target: `< ${max} ${unit}`,
    pass: value < max,
  };
}

export const forestSuite: BenchSuite = {
  name: 'forest',
  async run(ctx) {
    const gen = await ctx.runCase('forest-gen', [ctx.workDir, '1']);
    const trainRows = extraNumber(gen, 'trainRows');
    const testRows = extraNumber(gen, 'nRows') - trainRows;
    const nCols = extraNumber(gen, 'nCols');
    ctx.log(
      `forest: matrix ${trainRows} train + ${testRows} held-out rows (from ${String(gen.extra?.holdoutFrom)}) × ${nCols} features, ready in ${round(gen.value, 1)} s`,
    );
    const params = JSON.stringify(FOREST_DEFAULTS);
    ctx.log(`forest: fitting ours with ${params}`);
    const ours = await ctx.runCase('forest-fit', [ctx.workDir, params]);
    const load = await ctx.runCase('forest-load', [ctx.workDir]);
    ctx.log('forest: fitting scikit-learn (n_jobs=1)…');
    const sk = await ctx.runCase('forest-sklearn', [ctx.workDir, params]);
    const skipped = sk.extra?.skipped === true;
    if (skipped)
      ctx.log(`forest: skipping the scikit-learn baseline (${String(sk.extra?.reason)})`);
    const skName = skipped ? 'scikit-learn (skipped)' : 'sklearn RandomForestRegressor';
    const peaks: [number, number] = [ours.peakRssMb, sk.peakRssMb];
    const ourWape = extraNumber(ours, 'wapePct');
    const skWape = skipped ? Number.NaN : extraNumber(sk, 'wapePct');
    const fit = costFigure(
      `forest fit ${FOREST_DEFAULTS.nTrees} trees, ${Math.round(trainRows / 10_000) * 10}k × ${nCols} production features`,
      ours,
      skName,
      skipped ? { ...sk, value: Number.NaN } : sk,
      skipped ? undefined : FIT_RATIO_TARGET,
    );
    const wape: Figure = {
      name: `forest WAPE (Wh), held-out ${Math.round(testRows / 1000)}k rows`,
      value: round(ourWape, 3),
      unit: '%',
      baselineName: skName,
      baselineValue: round(skWape, 3),
      ratio: round(ourWape / skWape, 3),
      peakRssMb: round(ours.peakRssMb, 1),
      baselinePeakRssMb: round(sk.peakRssMb, 1),
      ...(skipped
        ? {}
        : {
            target: `|Δ| ≤ ${WAPE_POINTS_TARGET} pt`,
            pass: Math.abs(ourWape - skWape) <= WAPE_POINTS_TARGET,
          }),
    };
    const mb = (m: Measurement) => extraNumber(m, 'modelBytes') / 1e6;
    const size = absoluteFigure(
      'forest model file (binary vs pickle)',
      mb(ours),
      'MB',
      skName,
      mb(sk),
      MAX_MODEL_MB,
      peaks,
    );
    const loadFigure = absoluteFigure(
      'forest model load (read + decode)',
      load.value,
      'ms',
      skName,
      extraNumber(sk, 'loadMs'),
      MAX_LOAD_MS,
      [load.peakRssMb, sk.peakRssMb],
    );
    const data = { ...gen.extra, columns: undefined, generateSeconds: round(gen.value, 1) };
    return [
      { ...fit, extra: { ...fit.extra, data } },
      { ...wape, extra: { ours: ours.extra, sklearn: sk.extra } },
      size,
      loadFigure,
    ];
  },
};
