import { FOREST_DEFAULTS } from '../shared/models/forest.js';
import { type BenchSuite, costFigure, type Figure, type Measurement, round } from './harness.js';

/**
 * Forest benchmark: our quantile forest against scikit-learn's RandomForestRegressor and
 * LightGBM's random-forest mode, all process-isolated, on the same exported matrix (the production
 * one, bench/forest-data.ts: ≥ 500k training rows and about 100k held-out rows from the most
 * recent days), the same target (log(Wh / level + 0.3)) and the production hyper-parameters
 * (FOREST_DEFAULTS, n_jobs = 1; bench/forest-baselines.py states where their meanings differ):
 * fit time, held-out WAPE in Wh, model file size and load time. Ours is scored on its median (the
 * production point forecast) and, beside it, on the mean of its trees. The Python libraries are
 * optional: without them the suite prints one line each and reports our absolute figures.
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

/** WAPE (%) of ours against another's, with the "within 1 point" target when given. */
function wapeFigure(
  name: string,
  ours: number,
  baselineName: string,
  theirs: number,
  peaks: [number, number],
  withTarget: boolean,
): Figure {
  return {
    name,
    value: round(ours, 3),
    unit: '%',
    baselineName,
    baselineValue: round(theirs, 3),
    ratio: round(ours / theirs, 3),
    peakRssMb: round(peaks[0], 1),
    baselinePeakRssMb: round(peaks[1], 1),
    ...(withTarget && Number.isFinite(theirs)
      ? { target: `≤ +${WAPE_POINTS_TARGET} pt`, pass: ours - theirs <= WAPE_POINTS_TARGET }
      : {}),
  };
}

interface Baseline {
  label: string;
  m: Measurement;
  skipped: boolean;
}

async function runBaseline(
  ctx: Parameters<BenchSuite['run']>[0],
  caseName: string,
  label: string,
  params: string,
): Promise<Baseline> {
  ctx.log(`forest: fitting ${label} (one thread)…`);
  const m = await ctx.runCase(caseName, [ctx.workDir, params]);
  const skipped = m.extra?.skipped === true;
  if (skipped) ctx.log(`forest: skipping ${label} (${String(m.extra?.reason)})`);
  return { label: skipped ? `${label} (skipped)` : label, m, skipped };
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
    const sk = await runBaseline(ctx, 'forest-sklearn', 'sklearn RandomForestRegressor', params);
    const lgb = await runBaseline(ctx, 'forest-lightgbm', 'LightGBM rf', params);
    const size = `${Math.round(trainRows / 10_000) * 10}k × ${nCols} production features`;
    const timed = (b: Baseline, target?: number) =>
      costFigure(
        `forest fit ${FOREST_DEFAULTS.nTrees} trees, ${size}`,
        ours,
        b.label,
        b.skipped ? { ...b.m, value: Number.NaN } : b.m,
        b.skipped ? undefined : target,
      );
    const ourWape = extraNumber(ours, 'wapePct');
    const theirWape = (b: Baseline) => (b.skipped ? Number.NaN : extraNumber(b.m, 'wapePct'));
    const held = `held-out ${Math.round(testRows / 1000)}k rows`;
    const peaks = (b: Baseline): [number, number] => [ours.peakRssMb, b.m.peakRssMb];
    const mb = (m: Measurement) => extraNumber(m, 'modelBytes') / 1e6;
    const data = { ...gen.extra, columns: undefined, generateSeconds: round(gen.value, 1) };
    const fitSk = timed(sk, FIT_RATIO_TARGET);
    return [
      { ...fitSk, extra: { ...fitSk.extra, data } },
      timed(lgb),
      {
        ...wapeFigure(
          `forest WAPE (Wh), median, ${held}`,
          ourWape,
          sk.label,
          theirWape(sk),
          peaks(sk),
          true,
        ),
        extra: { ours: ours.extra, sklearn: sk.m.extra, lightgbm: lgb.m.extra },
      },
      wapeFigure(
        `forest WAPE (Wh), median, ${held}`,
        ourWape,
        lgb.label,
        theirWape(lgb),
        peaks(lgb),
        true,
      ),
      wapeFigure(
        `forest WAPE (Wh): median against the mean of our own trees, ${held}`,
        ourWape,
        'our mean of trees',
        extraNumber(ours, 'meanWapePct'),
        [ours.peakRssMb, ours.peakRssMb],
        false,
      ),
      absoluteFigure(
        'forest model file (binary vs pickle)',
        mb(ours),
        'MB',
        sk.label,
        mb(sk.m),
        MAX_MODEL_MB,
        peaks(sk),
      ),
      absoluteFigure(
        'forest model load (read + decode)',
        load.value,
        'ms',
        sk.label,
        extraNumber(sk.m, 'loadMs'),
        MAX_LOAD_MS,
        [load.peakRssMb, sk.m.peakRssMb],
      ),
    ];
  },
};
