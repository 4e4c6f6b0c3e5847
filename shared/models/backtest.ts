import { type FeatureSet } from '../features/build-features.js';
import { persistenceEnsemble, seasonalNaive } from './baselines.js';
import {
  accumulate,
  addSums,
  type ErrorSummary,
  type ErrorSums,
  emptySums,
  mapeFloorWh,
  summarise,
} from './error-sums.js';

/**
 * Backtest scoring: the model's and both baselines' day-ahead predictions over the backtest days,
 * per supply and overall, plus skill (1 − WAPE_model / WAPE_baseline) and error by consumption
 * band. Sums are kept so that segment reports combine exactly (combineBacktests).
 */

/** Default consumption bands, Wh per hour. */
export const BAND_EDGES_WH: readonly number[] = [0, 100, 300, 1000, 3000, Number.POSITIVE_INFINITY];

export interface ModelForecast {
  mean: Float32Array;
  p10: Float32Array;
  p90: Float32Array;
}

export interface BacktestSums {
  model: ErrorSums;
  seasonalNaive: ErrorSums;
  persistence: ErrorSums;
  /** Model sums per band of the actual (BAND_EDGES_WH). */
  bands: ErrorSums[];
}

export interface BacktestReport {
  overall: {
    model: ErrorSummary;
    seasonalNaive: ErrorSummary;
    persistence: ErrorSummary;
    skillVsSeasonalNaive: number;
    skillVsPersistence: number;
    bands: { fromWh: number; toWh: number; wape: number; mape: number; n: number }[];
  };
  /** Keyed by supply label (the caller's; CUPS stay out of logs). */
  perSupply: Record<
    string,
    {
      n: number;
      wape: number;
      mape: number;
      bias: number;
      wapeSeasonalNaive: number;
      wapePersistence: number;
    }
  >;
  sums: BacktestSums;
}

function emptyBacktestSums(): BacktestSums {
  return {
    model: emptySums(),
    seasonalNaive: emptySums(),
    persistence: emptySums(),
    bands: BAND_EDGES_WH.slice(1).map(() => emptySums()),
  };
}

function reportFromSums(
  sums: BacktestSums,
  perSupply: BacktestReport['perSupply'],
): BacktestReport {
  const model = summarise(sums.model);
  const naive = summarise(sums.seasonalNaive);
  const persistence = summarise(sums.persistence);
  return {
    overall: {
      model,
      seasonalNaive: naive,
      persistence,
      skillVsSeasonalNaive: 1 - model.wape / naive.wape,
      skillVsPersistence: 1 - model.wape / persistence.wape,
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
    },
    perSupply,
    sums,
  };
}

/**
 * Scores a forecast of every row of a feature set against its actuals. The MAPE floor of each
 * supply is 10 % of its mean actual over the scored rows (mapeFloorWh). `labels[i]` names supply
 * index i.
 */
export function scoreBacktest(
  set: FeatureSet,
  forecast: ModelForecast,
  labels: readonly string[],
): BacktestReport {
  const naive = seasonalNaive(set);
  const persistence = persistenceEnsemble(set);
  const bySupply = new Map<number, number[]>();
  for (let i = 0; i < set.x.nRows; i++) {
    if (Number.isNaN(set.actualWh[i]!)) continue;
    const rows = bySupply.get(set.supply[i]!) ?? [];
    rows.push(i);
    bySupply.set(set.supply[i]!, rows);
  }
  const total = emptyBacktestSums();
  const perSupply: BacktestReport['perSupply'] = {};
  for (const [supply, rows] of bySupply) {
    const floor = mapeFloorWh(set.actualWh, rows);
    const own = emptyBacktestSums();
    for (const i of rows) {
      const a = set.actualWh[i]!;
      accumulate(own.model, a, forecast.mean[i]!, floor, forecast.p10[i]!, forecast.p90[i]!);
      accumulate(own.seasonalNaive, a, naive[i]!, floor);
      accumulate(own.persistence, a, persistence[i]!, floor);
      const band = BAND_EDGES_WH.findIndex((edge, b) => a >= edge && a < BAND_EDGES_WH[b + 1]!);
      if (band >= 0) accumulate(own.bands[band]!, a, forecast.mean[i]!, floor);
    }
    const m = summarise(own.model);
    perSupply[labels[supply] ?? String(supply)] = {
      n: m.n,
      wape: m.wape,
      mape: m.mape,
      bias: m.bias,
      wapeSeasonalNaive: summarise(own.seasonalNaive).wape,
      wapePersistence: summarise(own.persistence).wape,
    };
    addBacktestSums(total, own);
  }
  return reportFromSums(total, perSupply);
}

function addBacktestSums(a: BacktestSums, b: BacktestSums): void {
  addSums(a.model, b.model);
  addSums(a.seasonalNaive, b.seasonalNaive);
  addSums(a.persistence, b.persistence);
  for (const [i, band] of b.bands.entries()) addSums(a.bands[i]!, band);
}

/** Combines segment reports into one, exactly (sums add; per-supply entries merge). */
export function combineBacktests(reports: readonly BacktestReport[]): BacktestReport {
  const total = emptyBacktestSums();
  const perSupply: BacktestReport['perSupply'] = {};
  for (const r of reports) {
    addBacktestSums(total, r.sums);
    Object.assign(perSupply, r.perSupply);
  }
  return reportFromSums(total, perSupply);
}
