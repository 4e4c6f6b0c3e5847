/**
 * Error by band of actual consumption over the report period (the seed's figure), scored as
 * training scores its backtest: WAPE over every hour of the band, MAPE over the hours above 10 %
 * of the supply's mean actual. That floor needs each supply's mean first, hence two passes: the
 * totals (which also rank supplies by absolute error), then the bands.
 */
import { BAND_EDGES_WH } from '../models/backtest.js';
import { accumulate, type ErrorSums, emptySums, summarise } from '../models/error-sums.js';
import { type Stage } from '../registry/stages.js';
import {
  type BandError,
  type BandSection,
  entryOf,
  finiteOrNull,
  REPORT_STAGES,
} from './report-data.js';

interface SupplyTotal {
  absErrorWh: number;
  actualWh: number;
  hours: number;
}

/** Pass 1: per stage and supply forecast, Σ|a − p|, Σa and the hours scored. */
export function createSupplyTotals() {
  const totals = new Map<Stage, Map<string, SupplyTotal>>();
  return {
    add(stage: Stage, cups: string, actualWh: number | undefined, forecastWh: number): void {
      const bySupply = entryOf(totals, stage, () => new Map<string, SupplyTotal>());
      const t = entryOf(bySupply, cups, () => ({ absErrorWh: 0, actualWh: 0, hours: 0 }));
      if (actualWh === undefined || !Number.isFinite(actualWh) || !Number.isFinite(forecastWh))
        return;
      t.absErrorWh += Math.abs(actualWh - forecastWh);
      t.actualWh += actualWh;
      t.hours += 1;
    },
    /** 10 % of the supply's mean actual over the hours this stage scored (the MAPE floor), Wh. */
    floorWh(stage: Stage, cups: string): number {
      const t = totals.get(stage)?.get(cups);
      return t && t.hours > 0 ? (0.1 * t.actualWh) / t.hours : 0;
    },
    /** Σ|a − p| of a supply under a stage, Wh, or null when none of its hours was scored. */
    absErrorWh(stage: Stage, cups: string): number | null {
      const t = totals.get(stage)?.get(cups);
      return t && t.hours > 0 ? t.absErrorWh : null;
    },
    /**
     * The `count` supplies with the largest absolute error under `stage`, largest first; supplies
     * forecast but not scored yet follow (error 0), by CUPS.
     */
    largestErrors(stage: Stage, count: number): string[] {
      return [...(totals.get(stage) ?? new Map<string, SupplyTotal>()).entries()]
        .sort((a, b) => b[1].absErrorWh - a[1].absErrorWh || (a[0] < b[0] ? -1 : 1))
        .slice(0, count)
        .map(([cups]) => cups);
    },
  };
}

/** Band index of an actual value (BAND_EDGES_WH), or -1 below the first edge. */
function bandOf(actualWh: number): number {
  for (let b = BAND_EDGES_WH.length - 2; b >= 0; b--) {
    if (actualWh >= (BAND_EDGES_WH[b] ?? 0)) return b;
  }
  return -1;
}

/** Pass 2: error sums per stage and band, with each supply's MAPE floor from pass 1. */
export function createBandErrors(floorWh: (stage: Stage, cups: string) => number) {
  const sums = new Map<Stage, ErrorSums[]>();
  return {
    add(stage: Stage, cups: string, actualWh: number | undefined, forecastWh: number): void {
      if (actualWh === undefined || !Number.isFinite(actualWh) || !Number.isFinite(forecastWh))
        return;
      const band = bandOf(actualWh);
      if (band < 0) return;
      const bands = entryOf(sums, stage, () => BAND_EDGES_WH.slice(1).map(() => emptySums()));
      const target = bands[band];
      if (target) accumulate(target, actualWh, forecastWh, floorWh(stage, cups));
    },
    result(): BandSection {
      const section: BandSection = { stages: {} };
      for (const stage of REPORT_STAGES) {
        const bands = sums.get(stage);
        if (!bands) continue;
        section.stages[stage] = bands.map((b, i): BandError => {
          const s = summarise(b);
          const toWh = BAND_EDGES_WH[i + 1] ?? Number.POSITIVE_INFINITY;
          return {
            fromWh: BAND_EDGES_WH[i] ?? 0,
            toWh: Number.isFinite(toWh) ? toWh : null,
            n: s.n,
            wape: finiteOrNull(s.wape),
            mape: finiteOrNull(s.mape),
          };
        });
      }
      return section;
    },
  };
}
