import { type FeatureSet } from '../features/build-features.js';
import { BASELINE_NAMES, type BaselineName, baselineForecast } from './baselines.js';
import {
  accumulate,
  addSums,
  type ErrorSummary,
  type ErrorSums,
  emptySums,
  mapeFloorWh,
  summarise,
} from './error-sums.js';
import { strongestBaseline } from './gate.js';

/**
 * Backtest scoring: the model's, the champion's (when there is one) and every baseline's
 * day-ahead forecasts over the same rows, per supply and overall, with skill
 * (1 − WAPE_model / WAPE_baseline), interval coverage and error by consumption band. Sums are kept
 * so that segment reports combine exactly (combineBacktests).
 */

/** Default consumption bands, Wh per hour. */
export const BAND_EDGES_WH: readonly number[] = [0, 100, 300, 1000, 3000, Number.POSITIVE_INFINITY];

/** A model's forecast of feature-set rows, Wh: the point (median) and the p10/p90 interval. */
export interface ModelForecast {
  point: Float32Array;
  p10: Float32Array;
  p90: Float32Array;
}

export interface BacktestSums {
  model: ErrorSums;
  /** The production model scored on the same rows, when one existed and was comparable. */
  champion: ErrorSums | null;
  baselines: Record<BaselineName, ErrorSums>;
  /** Model sums per band of the actual (BAND_EDGES_WH). */
  bands: ErrorSums[];
  /** Scored rows, and those whose temperature was imputed (no forecast issued by the origin). */
  rows: number;
  weatherImputed: number;
}

export interface BacktestOverall {
  model: ErrorSummary;
  champion: ErrorSummary | null;
  baselines: Record<BaselineName, ErrorSummary>;
  /** 1 − WAPE_model / WAPE_baseline, per baseline. */
  skill: Record<BaselineName, number>;
  /** The baseline with the lowest WAPE on these rows (what the gate compares with). */
  strongestBaseline: BaselineName;
  bands: { fromWh: number; toWh: number; wape: number; mape: number; n: number }[];
  /** Share of scored rows that ran on climatology because no forecast was issued by the origin. */
  weatherImputedShare: number;
}

export interface SupplyScore {
  n: number;
  wape: number;
  mape: number;
  bias: number;
  coverage: number;
  baselineWape: Record<BaselineName, number>;
}

export interface BacktestReport {
  overall: BacktestOverall;
  /** Keyed by supply label (the caller's; CUPS stay out of logs). */
  perSupply: Record<string, SupplyScore>;
  sums: BacktestSums;
}

const perBaseline = <T>(make: (name: BaselineName) => T) =>
  Object.fromEntries(BASELINE_NAMES.map((name) => [name, make(name)])) as Record<BaselineName, T>;

function emptyBacktestSums(withChampion: boolean): BacktestSums {
  return {
    model: emptySums(),
    champion: withChampion ? emptySums() : null,
    baselines: perBaseline(() => emptySums()),
    bands: BAND_EDGES_WH.slice(1).map(() => emptySums()),
    rows: 0,
    weatherImputed: 0,
  };
}

function reportFromSums(sums: BacktestSums, perSupply: BacktestReport['perSupply']) {
  const model = summarise(sums.model);
  const baselines = perBaseline((name) => summarise(sums.baselines[name]));
  const strongest = strongestBaseline(perBaseline((name) => baselines[name].wape));
  const report: BacktestReport = {
    overall: {
      model,
      champion: sums.champion === null ? null : summarise(sums.champion),
      baselines,
      skill: perBaseline((name) => 1 - model.wape / baselines[name].wape),
      strongestBaseline: strongest.name as BaselineName,
      bands: sums.bands.map((b, i) => {
        const s = summarise(b);
        return {
          fromWh: BAND_EDGES_WH[i]!,
          toWh: BAND_EDGES_WH[i + 1]!,
          wape: s.wape,
          mape: s.mape,
          n: s.n,
        };
      }),
      weatherImputedShare: sums.rows === 0 ? Number.NaN : sums.weatherImputed / sums.rows,
    },
    perSupply,
    sums,
  };
  return report;
}

/**
 * Scores a forecast of every row of a feature set against its actuals, beside every baseline
 * and, when given, the champion's forecast of the same rows. The MAPE floor of each supply is
 * 10 % of its mean actual over the scored rows (mapeFloorWh). `labels[i]` names supply index i.
 */
export function scoreBacktest(
  set: FeatureSet,
  forecast: ModelForecast,
  labels: readonly string[],
  champion?: ModelForecast,
): BacktestReport {
  const baselines = perBaseline((name) => baselineForecast(set, name));
  const imputed = set.x.columns.indexOf('weatherImputed');
  const bySupply = new Map<number, number[]>();
  for (let i = 0; i < set.x.nRows; i++) {
    if (Number.isNaN(set.actualWh[i]!)) continue;
    const rows = bySupply.get(set.supply[i]!) ?? [];
    rows.push(i);
    bySupply.set(set.supply[i]!, rows);
  }
  const total = emptyBacktestSums(champion !== undefined);
  const perSupply: BacktestReport['perSupply'] = {};
  for (const [supply, rows] of bySupply) {
    const floor = mapeFloorWh(set.actualWh, rows);
    const own = emptyBacktestSums(champion !== undefined);
    for (const i of rows) {
      const a = set.actualWh[i]!;
      const point = forecast.point[i]!;
      accumulate(own.model, a, point, floor, forecast.p10[i]!, forecast.p90[i]!);
      if (champion !== undefined && own.champion !== null) {
        accumulate(own.champion, a, champion.point[i]!, floor, champion.p10[i]!, champion.p90[i]!);
      }
      for (const name of BASELINE_NAMES)
        accumulate(own.baselines[name], a, baselines[name][i]!, floor);
      const band = BAND_EDGES_WH.findIndex((edge, b) => a >= edge && a < BAND_EDGES_WH[b + 1]!);
      if (band >= 0) accumulate(own.bands[band]!, a, point, floor);
      own.rows++;
      if (set.x.data[i * set.x.nCols + imputed] === 1) own.weatherImputed++;
    }
    const m = summarise(own.model);
    perSupply[labels[supply] ?? String(supply)] = {
      n: m.n,
      wape: m.wape,
      mape: m.mape,
      bias: m.bias,
      coverage: m.coverage,
      baselineWape: perBaseline((name) => summarise(own.baselines[name]).wape),
    };
    addBacktestSums(total, own);
  }
  return reportFromSums(total, perSupply);
}

function addBacktestSums(a: BacktestSums, b: BacktestSums): void {
  addSums(a.model, b.model);
  if (a.champion !== null && b.champion !== null) addSums(a.champion, b.champion);
  for (const name of BASELINE_NAMES) addSums(a.baselines[name], b.baselines[name]);
  for (const [i, band] of b.bands.entries()) addSums(a.bands[i]!, band);
  a.rows += b.rows;
  a.weatherImputed += b.weatherImputed;
}

/**
 * Combines segment reports into one, exactly (sums add; per-supply entries merge). The champion
 * is kept only when every segment scored it.
 */
export function combineBacktests(reports: readonly BacktestReport[]): BacktestReport {
  const withChampion = reports.length > 0 && reports.every((r) => r.sums.champion !== null);
  const total = emptyBacktestSums(withChampion);
  const perSupply: BacktestReport['perSupply'] = {};
  for (const r of reports) {
    addBacktestSums(total, r.sums);
    Object.assign(perSupply, r.perSupply);
  }
  return reportFromSums(total, perSupply);
}
