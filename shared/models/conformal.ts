import { InvalidInputError } from '../errors.js';

/**
 * Calibrated p10/p90: conformalised quantile regression (CQR, Romano, Patterson & Candès 2019)
 * with one offset per side, so each tail is calibrated on its own (asymmetric CQR), computed on a
 * calibration window the forest did not see and kept per stratum (the local hour of the target:
 * household spread differs between a quiet night and a busy evening). Scores live on the same
 * log scale as the forest's target, log(Wh/level + LOG_OFFSET), so an offset widens or narrows the
 * interval in proportion to the supply's size.
 */

/** Added to Wh/level before the logarithm (the forest's target transform, see segment-model.ts). */
export const LOG_OFFSET = 0.3;

/** Nominal share of actuals below p10 and above p90. */
export const TAIL = 0.1;

/** Strata with fewer calibration rows than this use the pooled offsets. */
export const MIN_STRATUM_ROWS = 50;

export interface IntervalCalibration {
  method: 'cqr-log-by-local-hour';
  /** Per local hour 0..23: amount (log scale) subtracted from p10 and added to p90; pooled when thin. */
  lower: number[];
  upper: number[];
  /** Calibration rows per local hour. */
  rows: number[];
  pooled: { lower: number; upper: number; rows: number };
}

/** One calibration set: forecasts and actuals in Wh, each row's level and local hour. */
export interface CalibrationRows {
  actualWh: ArrayLike<number>;
  p10: ArrayLike<number>;
  p90: ArrayLike<number>;
  levelWh: ArrayLike<number>;
  localHour: ArrayLike<number>;
}

const toLog = (wh: number, level: number) => Math.log(Math.max(0, wh) / level + LOG_OFFSET);
const fromLog = (v: number, level: number) => Math.max(0, Math.exp(v) - LOG_OFFSET) * level;

/**
 * The conformal quantile of scores: the ⌈(n + 1)(1 − TAIL)⌉-th smallest (the finite-sample
 * correction that makes coverage at least nominal); +∞ when n is too small to reach it.
 * @example conformalQuantile([3, 1, 2, 5, 4, 9, 8, 7, 6, 10]) // 10 (the ⌈9.9⌉ = 10th of 10)
 * @example conformalQuantile([1, 2, 3, 4, 5, 6, 7, 8]) // Infinity (⌈8.1⌉ = 9 > 8)
 */
export function conformalQuantile(scores: number[]): number {
  const n = scores.length;
  const rank = Math.ceil((n + 1) * (1 - TAIL));
  if (rank > n) return Number.POSITIVE_INFINITY;
  return [...scores].sort((a, b) => a - b)[rank - 1]!;
}

/**
 * Fits the per-hour offsets from calibration rows (NaN actuals are skipped).
 * @throws InvalidInputError when the arrays differ in length or no row is usable
 */
export function calibrateIntervals(rows: CalibrationRows): IntervalCalibration {
  const n = rows.actualWh.length;
  for (const a of [rows.p10, rows.p90, rows.levelWh, rows.localHour]) {
    if (a.length !== n) throw new InvalidInputError('Calibration arrays differ in length');
  }
  const lower: number[][] = Array.from({ length: 24 }, () => []);
  const upper: number[][] = Array.from({ length: 24 }, () => []);
  for (let i = 0; i < n; i++) {
    const actual = rows.actualWh[i]!;
    const level = rows.levelWh[i]!;
    if (!Number.isFinite(actual) || !(level > 0)) continue;
    const hour = rows.localHour[i]!;
    const y = toLog(actual, level);
    lower[hour]?.push(toLog(rows.p10[i]!, level) - y);
    upper[hour]?.push(y - toLog(rows.p90[i]!, level));
  }
  const pooledRows = lower.reduce((s, l) => s + l.length, 0);
  if (pooledRows === 0) throw new InvalidInputError('No calibration rows with an actual');
  const pooled = {
    lower: conformalQuantile(lower.flat()),
    upper: conformalQuantile(upper.flat()),
    rows: pooledRows,
  };
  const thin = (h: number) => lower[h]!.length < MIN_STRATUM_ROWS;
  return {
    method: 'cqr-log-by-local-hour',
    lower: lower.map((l, h) => (thin(h) ? pooled.lower : conformalQuantile(l))),
    upper: upper.map((u, h) => (thin(h) ? pooled.upper : conformalQuantile(u))),
    rows: lower.map((l) => l.length),
    pooled,
  };
}

/**
 * Applies the offsets to raw p10/p90 (Wh) in place, keeping p10 ≤ point ≤ p90 and p10 ≥ 0. An
 * infinite offset (too few calibration rows to reach the conformal rank) leaves that side raw;
 * the backtest's coverage then says how well the raw side does.
 */
export function applyCalibration(
  calibration: IntervalCalibration,
  forecast: { point: Float32Array; p10: Float32Array; p90: Float32Array },
  levelWh: ArrayLike<number>,
  localHour: ArrayLike<number>,
): void {
  for (let i = 0; i < forecast.point.length; i++) {
    const level = levelWh[i]!;
    const hour = localHour[i]!;
    const lo = calibration.lower[hour] ?? calibration.pooled.lower;
    const hi = calibration.upper[hour] ?? calibration.pooled.upper;
    const point = forecast.point[i]!;
    if (Number.isFinite(lo)) {
      forecast.p10[i] = Math.min(point, fromLog(toLog(forecast.p10[i]!, level) - lo, level));
    }
    if (Number.isFinite(hi)) {
      forecast.p90[i] = Math.max(point, fromLog(toLog(forecast.p90[i]!, level) + hi, level));
    }
  }
}
