/**
 * The error definitions, as additive accumulators: sums that combine across supplies and
 * segments by addition, from which WAPE, MAPE, bias and pinball losses are read. Backtests score
 * with them and metrics.ts reads one series through them, so each metric is defined once here.
 */

/** MAPE skips the hours whose actual is at or below this fraction of the supply's mean actual. */
export const MAPE_FLOOR_OF_MEAN = 0.1;

/**
 * A supply's MAPE floor, Wh: 10 % of the mean of its actuals (NaN ignored) over `rows` (default
 * all), so that near-zero hours do not explode MAPE; NaN when there is no actual.
 * @example mapeFloorWh([100, 200, 0, 50, Number.NaN]) // 8.75
 */
export function mapeFloorWh(actual: ArrayLike<number>, rows?: Iterable<number>): number {
  let sum = 0;
  let n = 0;
  for (const i of rows ?? Array.from({ length: actual.length }, (_, k) => k)) {
    const a = actual[i]!;
    if (Number.isNaN(a)) continue;
    sum += a;
    n++;
  }
  return n === 0 ? Number.NaN : (MAPE_FLOOR_OF_MEAN * sum) / n;
}
export interface ErrorSums {
  n: number;
  absErr: number;
  signedErr: number;
  actual: number;
  /** Σ|a − p|/a and count over the hours above the MAPE floor (10 % of the supply's mean). */
  ape: number;
  apeN: number;
  /** Σ pinball losses of p10 and p90 (zero when no quantiles were given). */
  pinball10: number;
  pinball90: number;
  /** Pairs with quantiles, and among them actuals below p10 and above p90; Σ (p90 − p10), Wh. */
  nInterval: number;
  below: number;
  above: number;
  width: number;
}

/** The summary a report shows. Ratios are fractions; pinball and width in Wh. */
export interface ErrorSummary {
  n: number;
  wape: number;
  mape: number;
  bias: number;
  pinballP10: number;
  pinballP90: number;
  /** Share of actuals within [p10, p90], below p10 and above p90 (NaN without quantiles). */
  coverage: number;
  belowP10: number;
  aboveP90: number;
  /** Mean p90 − p10, Wh. */
  meanWidthWh: number;
}

export function emptySums(): ErrorSums {
  return {
    n: 0,
    absErr: 0,
    signedErr: 0,
    actual: 0,
    ape: 0,
    apeN: 0,
    pinball10: 0,
    pinball90: 0,
    nInterval: 0,
    below: 0,
    above: 0,
    width: 0,
  };
}

/** Adds b into a (in place) and returns a. */
export function addSums(a: ErrorSums, b: ErrorSums): ErrorSums {
  a.n += b.n;
  a.absErr += b.absErr;
  a.signedErr += b.signedErr;
  a.actual += b.actual;
  a.ape += b.ape;
  a.apeN += b.apeN;
  a.pinball10 += b.pinball10;
  a.pinball90 += b.pinball90;
  a.nInterval += b.nInterval;
  a.below += b.below;
  a.above += b.above;
  a.width += b.width;
  return a;
}

/**
 * Pinball (quantile) loss of one pair, in the pair's units: max(q·(a − p), (q − 1)·(a − p)).
 * @example pinballLoss(200, 170, 0.9) // 27
 */
export function pinballLoss(a: number, p: number, q: number): number {
  const d = a - p;
  return d >= 0 ? q * d : (q - 1) * d;
}

/** Adds one (actual, prediction) pair, skipped when either is NaN; `floorWh` is the supply's MAPE floor (mapeFloorWh). */
export function accumulate(
  sums: ErrorSums,
  a: number,
  p: number,
  floorWh: number,
  p10?: number,
  p90?: number,
): void {
  if (Number.isNaN(a) || Number.isNaN(p)) return;
  sums.n++;
  sums.absErr += Math.abs(a - p);
  sums.signedErr += p - a;
  sums.actual += a;
  if (a > floorWh) {
    sums.ape += Math.abs(a - p) / a;
    sums.apeN++;
  }
  if (p10 !== undefined && p90 !== undefined) {
    sums.pinball10 += pinballLoss(a, p10, 0.1);
    sums.pinball90 += pinballLoss(a, p90, 0.9);
    sums.nInterval++;
    if (a < p10) sums.below++;
    else if (a > p90) sums.above++;
    sums.width += p90 - p10;
  }
}

/** Reads the metrics off sums; NaN where there is nothing to measure. */
export function summarise(sums: ErrorSums): ErrorSummary {
  const ratio = (x: number, y: number) => (y === 0 ? Number.NaN : x / y);
  return {
    n: sums.n,
    wape: ratio(sums.absErr, sums.actual),
    mape: ratio(sums.ape, sums.apeN),
    bias: ratio(sums.signedErr, sums.actual),
    pinballP10: ratio(sums.pinball10, sums.nInterval),
    pinballP90: ratio(sums.pinball90, sums.nInterval),
    coverage: ratio(sums.nInterval - sums.below - sums.above, sums.nInterval),
    belowP10: ratio(sums.below, sums.nInterval),
    aboveP90: ratio(sums.above, sums.nInterval),
    meanWidthWh: ratio(sums.width, sums.nInterval),
  };
}
