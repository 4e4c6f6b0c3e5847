/**
 * The daily monitoring results the report draws (scores per stage and baseline, drift tests), as
 * the daily monitor hands them over, put in order for the page.
 */
import {
  type DailyScore,
  type DriftDay,
  type DriftFeatureResult,
  type DriftSection,
  NOMINAL_COVERAGE,
  type ScoreSection,
} from './report-data.js';

/** What the daily monitoring produced over a period. */
export interface MonitoringInputs {
  scores: DailyScore[];
  drift: DriftDay[];
}

/** Baselines the forecast-quality work scores, in the order a reader expects them. */
const KNOWN_BASELINES = ['seasonalNaive', 'mean7', 'median28'];

/** Days in [from, to], sorted, one per date (the last given wins). */
function daysWithin<T extends { date: string }>(days: readonly T[], from: string, to: string): T[] {
  const byDate = new Map<string, T>();
  for (const d of days) if (d.date >= from && d.date <= to) byDate.set(d.date, d);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The score section: the period's scored days in date order, baselines in a stable order. */
export function buildScoreSection(
  scores: readonly DailyScore[],
  from: string,
  to: string,
): ScoreSection {
  const days = daysWithin(scores, from, to);
  const seen = new Set(days.flatMap((d) => Object.keys(d.baselines)));
  const baselineNames = [
    ...KNOWN_BASELINES.filter((n) => seen.has(n)),
    ...[...seen].filter((n) => !KNOWN_BASELINES.includes(n)).sort(),
  ];
  return { days, baselineNames, nominalCoverage: NOMINAL_COVERAGE };
}

/** The drift section: the period's drift days in date order. */
export function buildDriftSection(
  drift: readonly DriftDay[],
  from: string,
  to: string,
): DriftSection {
  return { days: daysWithin(drift, from, to) };
}

/**
 * One day's drift evaluation (evaluateDrift's, or a stored monitor report's) as the report keeps it.
 * @example driftDayOf('2025-03-10', evaluateDrift(features), 'v2').features[0].adjustedPValue
 */
export function driftDayOf(
  date: string,
  evaluation: { correction: string; alpha: number; features: readonly DriftFeatureResult[] },
  modelVersion: string | null,
): DriftDay {
  return {
    date,
    modelVersion,
    correction: evaluation.correction,
    alpha: evaluation.alpha,
    features: evaluation.features.map((f) => ({
      feature: f.feature,
      test: f.test,
      pValue: f.pValue,
      adjustedPValue: f.adjustedPValue,
      effectName: f.effectName,
      effect: f.effect,
      minEffect: f.minEffect,
      alarm: f.alarm,
    })),
  };
}
